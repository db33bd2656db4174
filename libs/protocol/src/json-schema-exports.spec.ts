import { z } from 'zod';
import { JSON_SCHEMA_EXPORTS } from './json-schema-exports';

describe('JSON_SCHEMA_EXPORTS', () => {
  it('renders every exported schema as JSON Schema without losing a field', () => {
    for (const [id, schema] of Object.entries(JSON_SCHEMA_EXPORTS)) {
      const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
      expect({ id, hasShape: 'properties' in json || 'oneOf' in json || 'anyOf' in json }).toEqual({ id, hasShape: true });
    }
  });

  it('publishes the messages the Python agent reads', () => {
    expect(Object.keys(JSON_SCHEMA_EXPORTS)).toEqual(expect.arrayContaining(['node-task', 'node-result', 'agent-registration', 'register-ack', 'agent-log', 'task-progress']));
  });
});
