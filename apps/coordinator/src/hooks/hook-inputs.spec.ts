import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { hookInputs } from './hook-inputs';

describe('webhook inputs', () => {
  const definition = { inputs: { ref: { type: 'string' }, repo: { type: 'string' }, event: { type: 'string' }, env: { type: 'string' } } } as unknown as WorkflowDefinition;
  const parts = {
    body: { ref: 'main', repository: { name: 'hub' }, commits: [{ id: 'c1' }], extra: 1 },
    headers: { 'x-github-event': 'push' },
    query: { env: 'prod' },
  };

  it('takes the declared inputs from the body when there is no map', () => {
    expect(hookInputs(null, definition, parts)).toEqual({ ref: 'main' });
  });

  it('follows the map into the body, headers and query; a path to nothing gives no value', () => {
    const map = { ref: 'body.ref', repo: 'body.repository.name', event: 'headers.X-GitHub-Event', env: 'query.env', first: 'body.commits.0.id', gone: 'body.repository.owner.login' };
    expect(hookInputs(map, definition, parts)).toEqual({ ref: 'main', repo: 'hub', event: 'push', env: 'prod', first: 'c1' });
  });

  it('a body that is no object gives no inputs without a map, and is the value of "body" with one', () => {
    expect(hookInputs(null, definition, { ...parts, body: [1, 2] })).toEqual({});
    expect(hookInputs({ payload: 'body' }, definition, { ...parts, body: [1, 2] })).toEqual({ payload: [1, 2] });
  });
});
