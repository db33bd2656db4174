import { TaskProgressUpdateSchema } from './agent-session.schema';

describe('agent session schemas', () => {
  it('carry the agent with progress shown to dashboards', () => {
    const progress = { runId: 'r1', nodeId: 'clean', attempt: 1, percent: 40, agentId: 'a1' };
    expect(TaskProgressUpdateSchema.parse(progress)).toEqual(progress);
  });

  it('refuse progress without the agent', () => {
    expect(TaskProgressUpdateSchema.safeParse({ runId: 'r1', nodeId: 'clean', attempt: 1 }).error!.issues[0]!.path).toEqual(['agentId']);
  });
});
