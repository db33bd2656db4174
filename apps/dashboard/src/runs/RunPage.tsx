import { TERMINAL_RUN_STATUSES, type AgentRecord, type RunSummary, type WorkflowDefinition } from '@runtime-hub/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useCan } from '../session/permissions';
import { Link } from '../app/Link';
import { agentsApi } from '../api/agents.api';
import { runsApi } from '../api/runs.api';
import { workflowsApi } from '../api/workflows.api';
import { ErrorBanner, errorMessage } from '../ui/ErrorText';
import { StatusBadge } from '../ui/StatusBadge';
import { useToast } from '../ui/Toasts';
import { RUN_CLOCK_TICK_MS } from '../app/settings';
import { createTickingClock } from '../ui/ticking-clock';
import { useClockWhile } from '../ui/use-now';
import { childIteration, shortRunId } from './child-runs';
import { ChildRunsPanel } from './ChildRunsPanel';
import { FanOutGrid } from './FanOutGrid';
import { LogPanel } from './LogPanel';
import { NodeDetails } from './NodeDetails';
import { formatDuration, formatRelative, runDurationMs } from './run-format';
import { RunViewContext, type RunViewContextValue } from './run-view-context';
import { RunGraph } from './RunGraph';
import { runTriggerLink } from './run-trigger';
import { useChildRuns } from './use-child-runs';
import { useRunLive } from './use-run-live';

/** One run, live: its graph with every node's state, the log, cancel and retry. */
export function RunPage({ runId }: { runId: string }) {
  const { state, error } = useRunLive(runId);
  const run = state.run;
  const notify = useToast();
  const [definition, setDefinition] = useState<WorkflowDefinition | null>(null);
  const canCancel = useCan('runs.cancel');
  const canRetry = useCan('runs.retry');
  const [agents, setAgents] = useState<ReadonlyMap<string, AgentRecord>>(new Map());
  const [selected, setSelected] = useState<string | null>(null);
  const [childrenOpen, setChildrenOpen] = useState(false);
  const childRuns = useChildRuns(runId, run?.workflowId ?? null);
  const [hostsOf, setHostsOf] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const finished = run !== null && TERMINAL_RUN_STATUSES.includes(run.status);
  const clock = useMemo(() => createTickingClock(RUN_CLOCK_TICK_MS), []);
  const now = useClockWhile(clock, run !== null && !finished);

  const workflowKey = run ? `${run.workflowId}:${run.workflowVersion}` : null;
  useEffect(() => {
    if (!run || workflowKey === null) return;
    let current = true;
    workflowsApi.version(run.workflowId, run.workflowVersion).then(
      (record) => current && setDefinition(record.definition),
      () => current && setDefinition(null),
    );
    return () => {
      current = false;
    };
    // The definition depends only on the workflow and version, not on every run update.
  }, [workflowKey]);

  useEffect(() => {
    agentsApi.list().then(
      (list) => setAgents(new Map(list.map((agent) => [agent.id, agent]))),
      () => undefined,
    );
  }, []);

  const agentName = useCallback((agentId: string) => agents.get(agentId)?.name ?? agentId.slice(0, 8), [agents]);
  const context = useMemo<RunViewContextValue>(() => ({ clock, agentName, openHosts: setHostsOf }), [clock, agentName]);
  // One side panel at a time: a node's details or the child runs.
  const selectNode = useCallback((nodeId: string | null) => {
    setSelected(nodeId);
    if (nodeId !== null) setChildrenOpen(false);
  }, []);
  // The log's node filter lists the version's nodes: the same list for the whole run.
  const nodeIds = useMemo(() => definition?.nodes.map((node) => node.id) ?? [], [definition]);

  const act = async (what: 'cancel' | 'retry') => {
    setBusy(true);
    try {
      await (what === 'cancel' ? runsApi.cancel(runId) : runsApi.retry(runId));
      notify('info', what === 'cancel' ? 'Cancelling the run…' : 'Retrying the failed nodes…');
    } catch (failure) {
      notify('error', errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!run) {
    return <div className="page">{error ? <ErrorBanner error={error} /> : <div className="run-loading" aria-busy="true" />}</div>;
  }
  const duration = runDurationMs(run, now);
  const iteration = childIteration(run);
  const selectedRecord = selected ? run.nodes.find((node) => node.nodeId === selected) : undefined;
  const hostsRecord = hostsOf ? run.nodes.find((node) => node.nodeId === hostsOf) : undefined;

  return (
    <RunViewContext.Provider value={context}>
      <div className="run-page" data-testid="run-page" data-run-status={run.status}>
        <header className="run-header">
          <div className="run-title">
            <Link to={{ page: 'runs' }} className="crumb">
              Runs
            </Link>
            <span className="crumb-separator">/</span>
            <h1>
              <Link to={{ page: 'editor', workflowId: run.workflowId }}>{run.workflowName}</Link>
              <span className="version-chip">v{run.workflowVersion}</span>
            </h1>
            <StatusBadge status={run.status} />
          </div>
          <div className="run-facts">
            <span title={run.id}>
              run <code>{shortRunId(run)}</code>
            </span>
            <span>
              {run.nodes.filter((node) => node.status === 'succeeded').length} of {run.nodes.length} nodes succeeded
            </span>
            <RunTrigger run={run} />
            {run.status === 'queued' && run.waitingReason && (
              <span className="waiting-reason" data-testid="run-waiting-reason">
                waits: {run.waitingReason}
              </span>
            )}
            <span title={run.createdAt}>started {formatRelative(run.createdAt, Date.now())}</span>
            {run.startedBy && <span data-testid="run-started-by">by {run.startedBy}</span>}
            {run.cancelledBy && <span data-testid="run-cancelled-by">cancelled by {run.cancelledBy}</span>}
            {duration !== null && <span>{formatDuration(duration)}</span>}
            {run.parentRunId && (
              <Link to={{ page: 'run', runId: run.parentRunId }}>
                ↑ parent run{run.parentNodeId ? ` (node ${run.parentNodeId}${iteration ? ` #${iteration.index}` : ''})` : ''}
              </Link>
            )}
            {childRuns.children.length > 0 && (
              <button
                type="button"
                className="link-button"
                aria-expanded={childrenOpen}
                data-testid="child-runs-toggle"
                onClick={() => {
                  setChildrenOpen(!childrenOpen);
                  setSelected(null);
                }}
              >
                {childRuns.children.length}
                {childRuns.more ? '+' : ''} child run{childRuns.children.length === 1 ? '' : 's'}
              </button>
            )}
          </div>
          <div className="toolbar-actions">
            {!finished && canCancel && (
              <button type="button" className="button button-danger" disabled={busy} onClick={() => act('cancel')}>
                Cancel run
              </button>
            )}
            {run.status === 'failed' && canRetry && (
              <button type="button" className="button button-primary" disabled={busy} onClick={() => act('retry')}>
                Retry failed nodes
              </button>
            )}
          </div>
        </header>
        {run.error && (
          <div className="banner banner-error run-error">
            <strong>{run.error.code}</strong>
            {run.error.nodeId ? ` in ${run.error.nodeId}` : ''}: {run.error.message}
          </div>
        )}
        <div className="run-body">
          <div className="run-main">
            {definition ? <RunGraph definition={definition} nodes={run.nodes} onSelect={selectNode} /> : <div className="canvas run-canvas" aria-busy="true" />}
            <LogPanel logs={state.logs} nodeIds={nodeIds} agentName={agentName} />
          </div>
          {selectedRecord && <NodeDetails record={selectedRecord} agentName={agentName} now={now} onClose={() => setSelected(null)} />}
          {childrenOpen && !selectedRecord && <ChildRunsPanel children={childRuns.children} more={childRuns.more} now={Date.now()} onClose={() => setChildrenOpen(false)} />}
        </div>
        {hostsRecord && <FanOutGrid record={hostsRecord} agentName={agentName} onClose={() => setHostsOf(null)} />}
      </div>
    </RunViewContext.Provider>
  );
}

/** What started the run, linked to its schedule or batch. */
function RunTrigger({ run }: { run: RunSummary }) {
  const trigger = runTriggerLink(run);
  return (
    <span data-testid="run-trigger">
      via{' '}
      {trigger.route ? (
        <Link to={trigger.route}>{trigger.label}</Link>
      ) : (
        trigger.label
      )}
    </span>
  );
}
