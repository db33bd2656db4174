import { z } from 'zod';
import { flattenIssues, ISSUE_MESSAGES } from './validate.zod-issues';

/** The flat issues of `value` against `schema`, as `path: message` lines. */
function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value, ISSUE_MESSAGES);
  if (parsed.success) return [];
  return flattenIssues(parsed.error.issues).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const Http = z.strictObject({
  method: z.enum(['GET', 'POST']),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  timeoutMs: z.number().optional(),
  tags: z.array(z.string()).min(1).optional(),
});

describe('zod issue messages', () => {
  it('says "required" for every missing field, whatever its type', () => {
    // ACT
    const lines = issuesOf(z.strictObject({ script: z.string(), count: z.number(), on: z.boolean(), items: z.array(z.string()) }), {});
    // ASSERT
    expect(lines).toEqual(['script: required', 'count: required', 'on: required', 'items: required']);
  });

  it('names the expected and the received type of a value of the wrong type', () => {
    // ACT
    const lines = issuesOf(Http, { method: 'GET', url: 42, timeoutMs: '5', headers: [] });
    // ASSERT
    expect(lines).toEqual(['url: expected string, received number', 'headers: expected record, received array', 'timeoutMs: expected number, received string']);
  });

  it('says null is received rather than "object"', () => {
    expect(issuesOf(Http, { method: 'GET', url: null })).toEqual(['url: expected string, received null']);
  });

  it('suggests the closest declared key for an unknown one', () => {
    // ACT
    const lines = issuesOf(Http, { method: 'GET', urll: 'http://example.test' });
    // ASSERT
    expect(lines).toEqual(['url: required', ': unknown key "urll" (did you mean "url"?)']);
  });

  it('lists every unknown key in one issue, suggesting only where one key is close', () => {
    // ACT
    const lines = issuesOf(Http, { method: 'GET', url: 'u', header: {}, colour: 'red' });
    // ASSERT
    expect(lines).toEqual([': unknown keys "header" (did you mean "headers"?), "colour"']);
  });

  it('reports an unknown key inside a nested object at that object', () => {
    // ACT
    const lines = issuesOf(z.strictObject({ retry: z.strictObject({ maxAttempts: z.number() }) }), { retry: { maxAttemps: 3 } });
    // ASSERT
    expect(lines).toEqual(['retry.maxAttempts: required', 'retry: unknown key "maxAttemps" (did you mean "maxAttempts"?)']);
  });

  it('says "must not be empty" for an empty string or list that needs one item', () => {
    // ACT
    const lines = issuesOf(z.strictObject({ name: z.string().min(1), tags: z.array(z.string()).min(1) }), { name: '', tags: [] });
    // ASSERT
    expect(lines).toEqual(['name: must not be empty', 'tags: must not be empty']);
  });

  it("keeps a schema's own message", () => {
    // ACT
    const lines = issuesOf(z.strictObject({ shell: z.string({ error: 'pick a shell' }) }), {});
    // ASSERT
    expect(lines).toEqual(['shell: pick a shell']);
  });

  it('reads an enum as its options and a failed union as its closest branch', () => {
    // ACT
    const target = z.union([z.strictObject({ agent: z.string() }), z.strictObject({ labels: z.array(z.string()) })]);
    const lines = issuesOf(z.strictObject({ method: Http.shape.method, target }), { method: 'PUT', target: { labels: 'x' } });
    // ASSERT
    expect(lines).toEqual(['method: expected one of GET|POST', 'target.labels: expected array, received string']);
  });
});
