import { AgentsPage } from '../agents/AgentsPage';
import { AuditPage } from '../audit/AuditPage';
import { UsersPage } from '../users/UsersPage';
import { BatchPage } from '../batches/BatchPage';
import { BatchesPage } from '../batches/BatchesPage';
import { HooksPage } from '../hooks/HooksPage';
import { QueuePage } from '../queue/QueuePage';
import { SchedulesPage } from '../schedules/SchedulesPage';
import { EditorPage } from '../editor/EditorPage';
import { RunHistoryPage } from '../runs/RunHistoryPage';
import { RunPage } from '../runs/RunPage';
import { SecretsPage } from '../secrets/SecretsPage';
import { WorkflowListPage } from '../workflows/WorkflowListPage';
import { Link } from './Link';
import type { Route } from './router';

export function Pages({ route }: { route: Route }) {
  switch (route.page) {
    case 'sign-in':
    case 'workflows':
      return <WorkflowListPage />;
    case 'editor':
      return <EditorPage key={route.workflowId ?? 'new'} workflowId={route.workflowId} />;
    case 'runs':
      return <RunHistoryPage />;
    case 'run':
      return <RunPage key={route.runId} runId={route.runId} />;
    case 'agents':
      return <AgentsPage />;
    case 'schedules':
      return <SchedulesPage openId={route.scheduleId ?? null} />;
    case 'batches':
      return <BatchesPage />;
    case 'batch':
      return <BatchPage key={route.batchId} batchId={route.batchId} />;
    case 'queue':
      return <QueuePage />;
    case 'hooks':
      return <HooksPage markedId={route.hookId ?? null} />;
    case 'secrets':
      return <SecretsPage />;
    case 'users':
      return <UsersPage />;
    case 'audit':
      return <AuditPage />;
    case 'not-found':
      return (
        <div className="page">
          <div className="empty-state">
            <h2>Nothing at {route.path}</h2>
            <p>
              <Link to={{ page: 'workflows' }}>Back to the workflows</Link>
            </p>
          </div>
        </div>
      );
  }
}
