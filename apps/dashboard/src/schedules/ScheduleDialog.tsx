import type { ScheduleRecord } from '@runtime-hub/protocol';
import { useEffect, useState } from 'react';
import { schedulesApi } from '../api/triggers.api';
import { SCHEDULE_PREVIEW_DELAY_MS } from '../app/settings';
import { useCreateForm } from '../triggers/use-trigger-actions';
import { FormField, WorkflowSelect } from '../triggers/WorkflowSelect';
import { errorMessage } from '../ui/ErrorText';
import { Modal } from '../ui/Modal';
import { EMPTY_SCHEDULE_FORM, scheduleBody, timingBody, type ScheduleForm } from './schedule-form';

/** Creates a schedule: workflow, cron in a zone or an interval, inputs, policies; shows the next fires as the timing is typed. */
export function ScheduleDialog({ onCreated, onClose }: { onCreated: (schedule: ScheduleRecord) => void; onClose: () => void }) {
  const [form, setForm] = useState<ScheduleForm>(EMPTY_SCHEDULE_FORM);
  const [preview, setPreview] = useState<{ fires: readonly string[]; error: string | null }>({ fires: [], error: null });
  const { submit, errorOf, busy, error } = useCreateForm(() => scheduleBody(form), schedulesApi.create, onCreated);
  const set = <K extends keyof ScheduleForm>(key: K, value: ScheduleForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  // The next fires of the timing as typed, asked for once typing pauses.
  useEffect(() => {
    const timing = timingBody(form);
    if (!timing.ok) return setPreview({ fires: [], error: timing.message });
    let current = true;
    const timer = setTimeout(() => {
      schedulesApi.preview(timing.body).then(
        (answer) => current && setPreview({ fires: answer.nextFires, error: null }),
        (failure: unknown) => current && setPreview({ fires: [], error: errorMessage(failure) }),
      );
    }, SCHEDULE_PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [form.kind, form.cron, form.timeZone, form.everySeconds]);


  return (
    <Modal
      title="New schedule"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="schedule-form" className="button button-primary" disabled={busy} data-testid="create-schedule">
            {busy ? 'Creating…' : 'Create schedule'}
          </button>
        </>
      }
    >
      <form id="schedule-form" onSubmit={submit} className="trigger-form">
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        <div className="field-row">
          <FormField label="Name" htmlFor="schedule-name" error={errorOf('name')}>
            <input id="schedule-name" value={form.name} onChange={(event) => set('name', event.target.value)} data-field="name" />
          </FormField>
          <FormField label="Workflow" htmlFor="schedule-workflow" error={errorOf('workflowId')}>
            <WorkflowSelect id="schedule-workflow" value={form.workflowId} onChange={(value) => set('workflowId', value)} />
          </FormField>
        </div>
        <div className="segmented" role="radiogroup" aria-label="Timing">
          {(['cron', 'interval'] as const).map((kind) => (
            <button key={kind} type="button" role="radio" aria-checked={form.kind === kind} className={`button button-small${form.kind === kind ? ' active' : ''}`} onClick={() => set('kind', kind)} data-kind={kind}>
              {kind === 'cron' ? 'Cron' : 'Interval'}
            </button>
          ))}
        </div>
        {form.kind === 'cron' ? (
          <div className="field-row">
            <FormField label="Cron" htmlFor="schedule-cron" error={errorOf('cron')} help="5 fields (minute hour day month weekday) or 6 with seconds first">
              <input id="schedule-cron" value={form.cron} onChange={(event) => set('cron', event.target.value)} data-field="cron" className="mono" />
            </FormField>
            <FormField label="Time zone" htmlFor="schedule-zone" help="IANA name: Europe/Berlin, America/New_York, UTC">
              <input id="schedule-zone" value={form.timeZone} onChange={(event) => set('timeZone', event.target.value)} data-field="timeZone" />
            </FormField>
          </div>
        ) : (
          <FormField label="Every (seconds)" htmlFor="schedule-every" error={errorOf('everySeconds')} help="Counted from now; unaffected by daylight saving">
            <input id="schedule-every" inputMode="numeric" value={form.everySeconds} onChange={(event) => set('everySeconds', event.target.value)} data-field="everySeconds" />
          </FormField>
        )}
        <div className="schedule-preview" data-testid="schedule-preview">
          {preview.error ? (
            <span className="field-error">{preview.error}</span>
          ) : (
            <>
              <span className="field-label">Next fires</span>
              <ul>
                {preview.fires.map((fire) => (
                  <li key={fire}>{new Date(fire).toLocaleString()}</li>
                ))}
              </ul>
            </>
          )}
        </div>
        <FormField label="Inputs (JSON)" htmlFor="schedule-inputs" error={errorOf('inputs')}>
          <textarea id="schedule-inputs" rows={3} value={form.inputs} onChange={(event) => set('inputs', event.target.value)} className="mono" data-field="inputs" />
        </FormField>
        <div className="field-row field-row-3">
          <FormField label="Missed while down" htmlFor="schedule-misfire">
            <select id="schedule-misfire" value={form.misfire} onChange={(event) => set('misfire', event.target.value as ScheduleForm['misfire'])}>
              <option value="skip">skip them</option>
              <option value="run-once">run once for all</option>
            </select>
          </FormField>
          <FormField label="Previous run still going" htmlFor="schedule-overlap">
            <select id="schedule-overlap" value={form.overlap} onChange={(event) => set('overlap', event.target.value as ScheduleForm['overlap'])} data-field="overlap">
              <option value="skip">skip this fire</option>
              <option value="queue">queue behind it</option>
              <option value="cancel-previous">cancel it</option>
            </select>
          </FormField>
          <FormField label="Priority" htmlFor="schedule-priority" error={errorOf('priority')} help="1 (last) to 100 (first)">
            <input id="schedule-priority" inputMode="numeric" value={form.priority} onChange={(event) => set('priority', event.target.value)} />
          </FormField>
        </div>
      </form>
    </Modal>
  );
}
