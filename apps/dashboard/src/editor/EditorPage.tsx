import { ReactFlowProvider } from '@xyflow/react';
import { SCHEMA_VERSION, type WorkflowDefinition } from '@runtime-hub/protocol';
import type { WorkflowVersionRecord } from '../api/workflow.views';
import { workflowsApi } from '../api/workflows.api';
import { ErrorBanner } from '../ui/ErrorText';
import { useAsync } from '../ui/use-async';
import { Editor } from './Editor';

/** A new workflow starts with a name and nothing else; the problems bar says what it needs. */
export const BLANK_DEFINITION: WorkflowDefinition = { schemaVersion: SCHEMA_VERSION, name: 'untitled-workflow', inputs: {}, defaults: {}, nodes: [], edges: [] };

/** Loads the latest version of a workflow (or starts a new one) and opens the editor on it. */
export function EditorPage({ workflowId }: { workflowId: string | null }) {
  const { state, reload } = useAsync<WorkflowVersionRecord | null>(() => (workflowId ? workflowsApi.latest(workflowId) : Promise.resolve(null)), workflowId ?? 'new');
  if (state.status === 'loading') return <div className="page editor-loading" aria-busy="true" />;
  if (state.status === 'failed') {
    return (
      <div className="page">
        <ErrorBanner error={state.error} onRetry={reload} />
      </div>
    );
  }
  const record = state.value;
  return (
    <ReactFlowProvider>
      <Editor
        key={record ? `${record.workflowId}:${record.version}` : 'new'}
        workflowId={record?.workflowId ?? null}
        savedVersion={record?.version ?? null}
        savedDefinition={record?.definition ?? BLANK_DEFINITION}
        onReload={reload}
      />
    </ReactFlowProvider>
  );
}
