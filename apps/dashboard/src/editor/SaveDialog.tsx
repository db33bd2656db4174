import { useState, type FormEvent } from 'react';
import { Modal } from '../ui/Modal';

/** Saves the document as a new version, with an optional message saying what changed. */
export function SaveDialog({ busy, error, onSave, onClose }: { busy: boolean; error: string | null; onSave: (message: string) => void; onClose: () => void }) {
  const [message, setMessage] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(message.trim());
  };
  return (
    <Modal
      title="Save a new version"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="save-form" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save version'}
          </button>
        </>
      }
    >
      <form id="save-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">What changed (optional)</span>
          <input type="text" name="message" maxLength={1000} placeholder="e.g. skip cleanup when the folder is empty" value={message} onChange={(event) => setMessage(event.target.value)} />
        </label>
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </Modal>
  );
}
