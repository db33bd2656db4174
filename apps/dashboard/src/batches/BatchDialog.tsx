import type { BatchRecord } from '@runtime-hub/protocol';
import { useState, type ChangeEvent } from 'react';
import { batchesApi } from '../api/triggers.api';
import { useCreateForm } from '../triggers/use-trigger-actions';
import { FormField, WorkflowSelect } from '../triggers/WorkflowSelect';
import { errorMessage } from '../ui/ErrorText';
import { Modal } from '../ui/Modal';
import { batchBody, EMPTY_BATCH_FORM, formatOfFile, type BatchForm } from './batch-form';

/** Starts a batch: a workflow over items typed as JSON or read from a JSON or CSV file. */
export function BatchDialog({ onCreated, onClose }: { onCreated: (batch: BatchRecord) => void; onClose: () => void }) {
  const [form, setForm] = useState<BatchForm>(EMPTY_BATCH_FORM);
  const { submit, errorOf, busy, error, setError } = useCreateForm(() => batchBody(form), batchesApi.create, onCreated);
  const set = <K extends keyof BatchForm>(key: K, value: BatchForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    file.text().then(
      (text) => setForm((current) => ({ ...current, items: text, format: formatOfFile(file.name), name: current.name || file.name.replace(/\.(csv|json)$/i, '') })),
      (failure: unknown) => setError(`${file.name} could not be read: ${errorMessage(failure)}`),
    );
  };


  return (
    <Modal
      title="New batch"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="batch-form" className="button button-primary" disabled={busy} data-testid="start-batch">
            {busy ? 'Starting…' : 'Start batch'}
          </button>
        </>
      }
    >
      <form id="batch-form" onSubmit={submit} className="trigger-form">
        {error && (
          <div className="banner banner-error" role="alert" data-testid="batch-error">
            {error}
          </div>
        )}
        <div className="field-row">
          <FormField label="Workflow" htmlFor="batch-workflow" error={errorOf('workflowId')}>
            <WorkflowSelect id="batch-workflow" value={form.workflowId} onChange={(value) => set('workflowId', value)} />
          </FormField>
          <FormField label="Name" htmlFor="batch-name" help="Optional">
            <input id="batch-name" value={form.name} onChange={(event) => set('name', event.target.value)} data-field="name" />
          </FormField>
        </div>
        <FormField label="Items file (.json or .csv)" htmlFor="batch-file" help="A JSON array of input objects, or CSV: a header line of input names, one line per item">
          <input id="batch-file" type="file" accept=".json,.csv,application/json,text/csv" onChange={readFile} data-field="file" />
        </FormField>
        <FormField label={form.format === 'csv' ? 'Items (CSV)' : 'Items (JSON)'} htmlFor="batch-items" error={errorOf('items')}>
          <textarea id="batch-items" rows={8} className="mono" value={form.items} onChange={(event) => set('items', event.target.value)} data-field="items" />
        </FormField>
        <div className="field-row field-row-3">
          <FormField label="At once" htmlFor="batch-concurrency" error={errorOf('concurrency')}>
            <input id="batch-concurrency" inputMode="numeric" value={form.concurrency} onChange={(event) => set('concurrency', event.target.value)} data-field="concurrency" />
          </FormField>
          <FormField label="Priority" htmlFor="batch-priority" error={errorOf('priority')} help="1 (last) to 100 (first)">
            <input id="batch-priority" inputMode="numeric" value={form.priority} onChange={(event) => set('priority', event.target.value)} />
          </FormField>
          <FormField label="On every host with label" htmlFor="batch-hosts" help="Optional: each item once per host">
            <input id="batch-hosts" value={form.hostsLabel} onChange={(event) => set('hostsLabel', event.target.value)} />
          </FormField>
        </div>
      </form>
    </Modal>
  );
}
