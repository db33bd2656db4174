import { z } from 'zod';
import { AgentIdSchema } from './common.schema';
import { TaskProgressSchema } from './agent.schema';
import type { LiveServerToClientEvents } from './events';

/** `task:progress` as dashboards receive it (room of the run): with the agent reporting it. */
export const TaskProgressUpdateSchema = TaskProgressSchema.extend({ agentId: AgentIdSchema });
export type TaskProgressUpdate = z.infer<typeof TaskProgressUpdateSchema>;

/** Everything a dashboard may receive on `/live`: the base event map plus task progress. */
export interface LiveSessionServerToClientEvents extends LiveServerToClientEvents {
  'task:progress': (progress: TaskProgressUpdate) => void;
}
