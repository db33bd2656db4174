import type { PoolClient } from 'pg';
import { canPipeline, runPipeline, type PipelineStep } from './one-sync-pipeline';

/**
 * The pipeline against a stand-in for node-postgres' client and connection: the protocol
 * messages it writes, and how it reads the answers node-postgres hands it. Against a real
 * Postgres: tests/db/locking-transaction.test.ts.
 */

const INT4 = 23;
const TIMESTAMPTZ = 1184;
const JSONB = 3802;

type Handlers = {
  submit(connection: unknown): void;
  handleRowDescription(message: { fields: unknown[] }): void;
  handleDataRow(message: { fields: unknown[] }): void;
  handleCommandComplete(message: unknown): void;
  handleReadyForQuery(): void;
  handleError(error: Error): void;
};

/** A client whose query() keeps the submittable, and a connection that records what is written. */
function standIn(parsedStatements: Record<string, string> = {}) {
  const written: Array<[string, unknown?]> = [];
  const connection = {
    parsedStatements,
    stream: { cork: () => written.push(['cork']), uncork: () => written.push(['uncork']) },
    parse: (message: { text: string; name: string }) => written.push(['parse', { text: message.text, name: message.name }]),
    bind: (message: { statement: string; values: unknown[] }) => written.push(['bind', { statement: message.statement, values: message.values }]),
    describe: () => written.push(['describe']),
    execute: () => written.push(['execute']),
    sync: () => written.push(['sync']),
  };
  let submitted: Handlers | undefined;
  const client = { connection, query: (submittable: Handlers) => (submitted = submittable) } as unknown as PoolClient;
  return {
    client,
    written,
    /** The pipeline as node-postgres holds it, once it was submitted on the connection. */
    submit(): Handlers {
      if (!submitted) throw new Error('nothing was queried');
      submitted.submit(connection);
      return submitted;
    },
  };
}

const field = (name: string, dataTypeID: number) => ({ name, dataTypeID, format: 'text' });

const STEPS: PipelineStep[] = [
  { text: 'begin' },
  { name: 'rh_lock', text: 'select ... for update', values: ['run-1'] },
  { name: 'rh_rows', text: 'select ...', values: ['run-1', 100] },
];

describe('runPipeline', () => {
  it('writes every step in one corked write with one Sync: Parse only for unnamed steps, then Bind, Describe, Execute each', () => {
    const pg = standIn();
    void runPipeline(pg.client, STEPS);
    pg.submit();
    expect(pg.written).toEqual([
      ['cork'],
      ['parse', { text: 'begin', name: '' }],
      ['bind', { statement: '', values: [] }],
      ['describe'],
      ['execute'],
      ['bind', { statement: 'rh_lock', values: ['run-1'] }],
      ['describe'],
      ['execute'],
      ['bind', { statement: 'rh_rows', values: ['run-1', 100] }],
      ['describe'],
      ['execute'],
      ['sync'],
      ['uncork'],
    ]);
  });

  it("resolves with each step's rows, read with the statements' type parsers (timestamps stay text)", async () => {
    const pg = standIn();
    const answered = runPipeline(pg.client, STEPS);
    const pipeline = pg.submit();
    pipeline.handleCommandComplete({ command: 'BEGIN' });
    pipeline.handleRowDescription({ fields: [field('id', INT4), field('at', TIMESTAMPTZ), field('inputs', JSONB)] });
    pipeline.handleDataRow({ fields: ['7', '2026-12-06 11:00:00+00', '{"list":[1,null]}'] });
    pipeline.handleCommandComplete({ command: 'SELECT' });
    pipeline.handleRowDescription({ fields: [field('n', INT4)] });
    pipeline.handleDataRow({ fields: ['1'] });
    pipeline.handleDataRow({ fields: [null] });
    pipeline.handleCommandComplete({ command: 'SELECT' });
    pipeline.handleReadyForQuery();
    await expect(answered).resolves.toEqual([[], [{ id: 7, at: '2026-12-06 11:00:00+00', inputs: { list: [1, null] } }], [{ n: 1 }, { n: null }]]);
  });

  it('rejects with the first error, and ignores what comes after it', async () => {
    const pg = standIn();
    const answered = runPipeline(pg.client, STEPS);
    const pipeline = pg.submit();
    pipeline.handleCommandComplete({ command: 'BEGIN' });
    pipeline.handleError(new Error('invalid input syntax for type integer'));
    pipeline.handleError(new Error('a second error'));
    pipeline.handleReadyForQuery();
    await expect(answered).rejects.toThrow('invalid input syntax for type integer');
  });

  it('rejects, once Postgres has answered, when a row cannot be read', async () => {
    const pg = standIn();
    const answered = runPipeline(pg.client, [STEPS[1]!]);
    const pipeline = pg.submit();
    pipeline.handleRowDescription({ fields: [field('inputs', JSONB)] });
    pipeline.handleDataRow({ fields: ['{not json'] });
    pipeline.handleCommandComplete({ command: 'SELECT' });
    pipeline.handleReadyForQuery();
    await expect(answered).rejects.toThrow(SyntaxError);
  });

  it('rejects when Postgres answered fewer statements than were sent', async () => {
    const pg = standIn();
    const answered = runPipeline(pg.client, STEPS);
    const pipeline = pg.submit();
    pipeline.handleCommandComplete({ command: 'BEGIN' });
    pipeline.handleReadyForQuery();
    await expect(answered).rejects.toThrow('a pipeline of 3 statements was answered for 1');
  });
});

describe('canPipeline', () => {
  it('accepts steps whose named statements are prepared on the connection with the same text', () => {
    expect(canPipeline(standIn({ rh_lock: 'select ... for update', rh_rows: 'select ...' }).client, STEPS)).toBe(true);
    expect(canPipeline(standIn().client, [{ text: 'commit' }])).toBe(true);
  });

  it('refuses a named statement not prepared there yet, or prepared with another text', () => {
    expect(canPipeline(standIn({ rh_lock: 'select ... for update' }).client, STEPS)).toBe(false);
    expect(canPipeline(standIn({ rh_lock: 'another text', rh_rows: 'select ...' }).client, STEPS)).toBe(false);
  });
});
