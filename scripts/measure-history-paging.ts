/**
 * How long one page of run history takes when the history is large:
 *
 *   node bin/run-ts.js scripts/measure-history-paging.ts [RUNS] [PAGES]
 *
 * Makes a fresh database on the Postgres of DATABASE_URL, fills it with RUNS finished runs
 * (default 100 000: 20 workflows, four statuses, four triggers, one second apart), starts a
 * coordinator on it and walks PAGES pages of 50 (default 200) through `GET /api/runs` for each
 * filter the dashboard offers, following the cursor. Prints the median and the slowest page per
 * filter, then drops the database. Redis must answer at REDIS_URL (the coordinator needs it to
 * start; nothing is queued).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '@runtime-hub/db';
import { startCoordinator } from '@runtime-hub/coordinator';

const DEFAULT_RUNS = 100_000;
const DEFAULT_PAGES = 200;
const PAGE_SIZE = 50;
const WORKFLOWS = 20;

const FILTERS: ReadonlyArray<readonly [string, string]> = [
  ['no filter', ''],
  ['status=failed', '&status=failed'],
  ['workflowId=wf-7', '&workflowId=wf-7'],
  ['trigger=schedule', '&trigger=schedule'],
  ['from/to: one day', `&from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date().toISOString()}`],
];

async function fillHistory(url: string, runs: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into runs (id, workflow_id, workflow_version, workflow_name, status, trigger, inputs, created_at, started_at, finished_at)
       select 'run-' || g, 'wf-' || (g % $2), 1, 'workflow ' || (g % $2),
              (array['succeeded','failed','cancelled','succeeded'])[1 + g % 4],
              (array['api','cli','schedule','dashboard'])[1 + g % 4], '{}'::jsonb,
              now() - make_interval(secs => g), now() - make_interval(secs => g), now() - make_interval(secs => g - 1)
       from generate_series(1, $1::int) g`,
      [runs, WORKFLOWS],
    );
    await client.query('analyze runs');
  } finally {
    await client.end();
  }
}

async function walkPages(baseUrl: string, token: string, filter: string, pages: number): Promise<number[]> {
  const times: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < pages; page++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/runs?limit=${PAGE_SIZE}${filter}${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET /api/runs${filter}: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { nextCursor?: string | null };
    times.push(performance.now() - started);
    if (!body.nextCursor) break;
    cursor = encodeURIComponent(body.nextCursor);
  }
  return times;
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return `pages ${String(sorted.length).padStart(4)}   median ${median.toFixed(1).padStart(6)} ms   slowest ${(sorted.at(-1) ?? Number.NaN).toFixed(1).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? DEFAULT_RUNS);
  const pages = Number(process.argv[3] ?? DEFAULT_PAGES);
  const database = await createTestDatabase();
  const token = randomBytes(24).toString('base64url');
  const coordinator = await startCoordinator({
    ...process.env,
    DATABASE_URL: database.url,
    RH_PORT: '0',
    RH_ADMIN_TOKEN: token,
    RH_QUEUE_PREFIX: `history-${randomBytes(4).toString('hex')}`,
    RH_LOG_LEVEL: 'warn',
  });
  try {
    await fillHistory(database.url, runs);
    console.log(`run history of ${runs} runs, pages of ${PAGE_SIZE}, up to ${pages} pages per filter`);
    for (const [label, filter] of FILTERS) console.log(`  ${label.padEnd(18)} ${summary(await walkPages(coordinator.url, token, filter, pages))}`);
  } finally {
    await coordinator.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
