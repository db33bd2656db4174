import type { SecretRecord } from '@runtime-hub/protocol';
import { useState } from 'react';
import { secretsApi } from '../api/secrets.api';
import { useCreateForm } from '../triggers/use-trigger-actions';
import { FormField } from '../triggers/WorkflowSelect';
import { Modal } from '../ui/Modal';
import { EMPTY_SECRET_FORM, secretBody, type SecretForm } from './secret-form';

/**
 * Creates a secret, or replaces the value of `replacing`. The value is typed into a password
 * field and sent once; the coordinator never answers it, so there is nothing to show here later.
 */
export function SecretDialog({ replacing, onSaved, onClose }: { replacing: SecretRecord | null; onSaved: (secret: SecretRecord) => void; onClose: () => void }) {
  const [form, setForm] = useState<SecretForm>(replacing ? { ...EMPTY_SECRET_FORM, name: replacing.name } : EMPTY_SECRET_FORM);
  const set = <K extends keyof SecretForm>(key: K, value: SecretForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const { submit, errorOf, busy, error } = useCreateForm(
    () => {
      const built = secretBody(form, replacing !== null);
      return built.ok ? { ok: true, body: { ...built.body, name: built.name } } : built;
    },
    ({ name, ...body }) => secretsApi.put(String(name), body),
    onSaved,
  );
  return (
    <Modal
      title={replacing ? `Replace the value of ${replacing.name}` : 'New secret'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="secret-form" className="button button-primary" disabled={busy} data-testid="save-secret">
            {busy ? 'Saving…' : replacing ? 'Replace value' : 'Create secret'}
          </button>
        </>
      }
    >
      <form id="secret-form" onSubmit={submit} className="trigger-form" autoComplete="off">
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        <FormField label="Name" htmlFor="secret-name" error={errorOf('name')} help="Use it in a node's config as {{ secrets.NAME }}">
          <input id="secret-name" value={form.name} readOnly={replacing !== null} onChange={(event) => set('name', event.target.value)} data-field="name" className="mono" />
        </FormField>
        <FormField label="Value" htmlFor="secret-value" error={errorOf('value')} help="Write-only: it is encrypted and never shown again">
          <input id="secret-value" type="password" autoComplete="new-password" value={form.value} onChange={(event) => set('value', event.target.value)} data-field="value" />
        </FormField>
        <FormField
          label="Only agents labelled"
          htmlFor="secret-labels"
          help={replacing ? `Empty keeps the labels it has (${replacing.labels.join(', ') || 'any agent'})` : 'Comma-separated; empty: any agent may receive it'}
        >
          <input id="secret-labels" value={form.labels} onChange={(event) => set('labels', event.target.value)} data-field="labels" />
        </FormField>
      </form>
    </Modal>
  );
}
