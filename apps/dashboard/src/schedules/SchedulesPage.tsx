import type { ScheduleFireRecord, ScheduleRecord } from '@runtime-hub/protocol';
import { useCan } from '../session/permissions';
import { useState } from 'react';
import { Link } from '../app/Link';
import { navigate } from '../app/navigation';
import { schedulesApi } from '../api/triggers.api';
import { formatRelative } from '../runs/run-format';
import { useRefreshing } from '../triggers/use-refreshing';
import { useActions } from '../triggers/use-trigger-actions';
import { ErrorBanner } from '../ui/ErrorText';
import { StatusBadge } from '../ui/StatusBadge';
import { useToast } from '../ui/Toasts';
import { useAsync } from '../ui/use-async';
import { ScheduleDialog } from './ScheduleDialog';
import { describeTiming } from './schedule-form';

/** Fires listed when a schedule is opened. */
const FIRES_SHOWN = 20;

/** Every schedule: its timing, next fires and last outcome; create, pause, resume, run now, delete; a schedule opened shows its fires. */
export function SchedulesPage({ openId }: { openId: string | null }) {
  const canEdit = useCan('schedules.write');
  const { value, error, reload } = useRefreshing(() => schedulesApi.list(), 'schedules', (run) => run.trigger === 'schedule');
  const [creating, setCreating] = useState(false);
  const notify = useToast();
  const act = useActions(reload);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Schedules</h1>
          <p className="muted">Workflows started on a cron in a time zone, or at an interval.</p>
        </div>
        {canEdit && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="new-schedule">
            New schedule
          </button>
        )}
      </header>
      {error !== undefined && <ErrorBanner error={error} onRetry={reload} />}
      {value === undefined && error === undefined && <div className="skeleton-table" aria-busy="true" />}
      {value !== undefined && value.length === 0 && (
        <div className="empty-state">
          <h2>No schedules yet</h2>
          <p className="muted">A schedule runs a stored workflow at cron times or at an interval.</p>
        </div>
      )}
      {value !== undefined && value.length > 0 && (
        <div className="card table-scroll">
          <table className="table" data-testid="schedule-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Timing</th>
                <th>Workflow</th>
                <th>Next fires</th>
                <th>Last fire</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {value.map((schedule) => (
                <ScheduleRow key={schedule.id} schedule={schedule} open={schedule.id === openId} act={act} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <ScheduleDialog
          onClose={() => setCreating(false)}
          onCreated={(schedule) => {
            setCreating(false);
            notify('success', `Schedule "${schedule.name}" created`);
            reload();
          }}
        />
      )}
    </div>
  );
}

function ScheduleRow({ schedule, open, act }: { schedule: ScheduleRecord; open: boolean; act: (work: Promise<unknown>, done: string) => void }) {
  const canEdit = useCan('schedules.write');
  const canRunNow = useCan('schedules.run');
  const now = Date.now();
  return (
    <>
      <tr data-schedule={schedule.name} data-paused={schedule.paused}>
        <td>
          <Link to={open ? { page: 'schedules' } : { page: 'schedules', scheduleId: schedule.id }} className="strong-link">
            {schedule.name}
          </Link>
          {schedule.paused && <span className="chip chip-muted">paused</span>}
        </td>
        <td className="mono small">{describeTiming(schedule)}</td>
        <td>
          <Link to={{ page: 'editor', workflowId: schedule.workflowId }}>{schedule.workflowName}</Link>
        </td>
        <td className="small" data-testid="next-fires" title={schedule.nextFires.map((fire) => new Date(fire).toLocaleString()).join('\n')}>
          {schedule.nextFires[0] ? new Date(schedule.nextFires[0]).toLocaleString() : <span className="muted">—</span>}
          {schedule.nextFires.length > 1 && <span className="muted"> +{schedule.nextFires.length - 1}</span>}
        </td>
        <td data-testid="last-fire">{schedule.lastFire ? <FireOutcome fire={schedule.lastFire} now={now} /> : <span className="muted">never fired</span>}</td>
        <td className="row-actions">
          {!canEdit ? null : schedule.paused ? (
            <button type="button" className="button button-small" onClick={() => act(schedulesApi.resume(schedule.id), `"${schedule.name}" resumed`)}>
              Resume
            </button>
          ) : (
            <button type="button" className="button button-small" onClick={() => act(schedulesApi.pause(schedule.id), `"${schedule.name}" paused`)}>
              Pause
            </button>
          )}
          {canRunNow && (
            <button type="button" className="button button-small" onClick={() => act(schedulesApi.runNow(schedule.id), `"${schedule.name}" fired`)} data-testid="run-now">
              Run now
            </button>
          )}
          {canEdit && (
            <button
              type="button"
              className="button button-small button-danger-ghost"
              onClick={() => window.confirm(`Delete schedule "${schedule.name}"? Its runs stay.`) && act(schedulesApi.remove(schedule.id), `"${schedule.name}" deleted`)}
            >
              Delete
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="detail-row">
          <td colSpan={6}>
            <ScheduleFires schedule={schedule} />
          </td>
        </tr>
      )}
    </>
  );
}

function FireOutcome({ fire, now }: { fire: ScheduleFireRecord; now: number }) {
  return (
    <span className="inline-flex" title={fire.detail ?? undefined}>
      {fire.runId && fire.runStatus ? (
        <Link to={{ page: 'run', runId: fire.runId }} className="inline-flex">
          <StatusBadge status={fire.runStatus} />
        </Link>
      ) : (
        <span className="chip chip-warning">{fire.outcome}</span>
      )}
      <span className="muted small">{formatRelative(fire.fireAt, now)}</span>
    </span>
  );
}

function ScheduleFires({ schedule }: { schedule: ScheduleRecord }) {
  const { state } = useAsync(() => schedulesApi.fires(schedule.id, FIRES_SHOWN), `${schedule.id}:${schedule.lastFire?.fireAt ?? ''}:${schedule.lastFire?.runStatus ?? ''}`);
  if (state.status === 'failed') return <ErrorBanner error={state.error} />;
  if (state.status === 'loading') return <div className="skeleton-table" aria-busy="true" />;
  return (
    <div className="fires" data-testid="schedule-fires">
      <p className="muted small">
        Next: {schedule.nextFires.map((fire) => new Date(fire).toLocaleString()).join(' · ') || 'none while paused'}. Misfire {schedule.misfire}, overlap {schedule.overlap}, priority {schedule.priority}.
      </p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>Fire</th>
            <th>Outcome</th>
            <th>Run</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {state.value.items.map((fire) => (
            <tr key={fire.fireAt}>
              <td className="small">
                {new Date(fire.fireAt).toLocaleString()}
                {fire.manual && <span className="chip chip-muted">run now</span>}
              </td>
              <td>{fire.outcome}</td>
              <td>
                {fire.runId ? (
                  <button type="button" className="link-button" onClick={() => navigate({ page: 'run', runId: fire.runId! })}>
                    {fire.runStatus ? <StatusBadge status={fire.runStatus} /> : fire.runId.slice(0, 8)}
                  </button>
                ) : (
                  '—'
                )}
              </td>
              <td className="muted small">
                {fire.missedFires > 0 && `${fire.missedFires} missed. `}
                {fire.detail}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
