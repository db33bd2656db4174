/**
 * The CLI as a user meets it before any coordinator answers: help pages, "did you mean" for a
 * mistyped command or flag, and what a light command loads to start (a separate process each,
 * as users run it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'runtime-hub.js');
/** A port nothing listens on: commands that call the API fail fast, after they started. */
const NOWHERE = 'http://127.0.0.1:9';
const COMMAND_NAMES = ['up', 'validate', 'run', 'runs', 'logs', 'workflows', 'schedules', 'batches', 'hooks', 'secrets', 'agents', 'enroll-token', 'worker', 'coordinator', 'migrate', 'bench', 'fleet-sim'];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), CLI, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', RH_URL: NOWHERE, RH_TOKEN: 'unused', ...options.env } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('runtime-hub help and mistakes', () => {
  it('suggests the command meant by a typo', async () => {
    // ACT
    const result = await cli(['valdate', 'examples/web-health-check.json']);
    // ASSERT
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('runtime-hub: unknown command "valdate" (did you mean "validate"?) (see runtime-hub --help)\n');
  });

  it('suggests the flag meant by a typo, naming the command', async () => {
    // ACT
    const result = await cli(['run', 'examples/web-health-check.json', '--wiat']);
    // ASSERT
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('runtime-hub run: unknown option --wiat (did you mean --wait?) (see runtime-hub run --help)\n');
  });

  it('says no more than "unknown" when nothing is close', async () => {
    const result = await cli(['deploy-everything']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('runtime-hub: unknown command "deploy-everything" (see runtime-hub --help)\n');
  });

  it.each(COMMAND_NAMES)('%s --help prints a page with usage, options, environment or exit codes', async (name) => {
    // ACT
    const result = await cli([name, '--help']);
    // ASSERT
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^usage: runtime-hub ${name}\\b`));
    expect(result.stdout).toContain('\noptions:\n');
    expect(result.stdout).toMatch(/\nexit codes:\n {2}0 {2}\S/);
  });

  it('documents the flags, environment and examples of run', async () => {
    const { stdout } = await cli(['help', 'run']);
    for (const text of ['--workflow NAME|ID', '--input k=v', '--wait', 'RH_URL', 'RH_TOKEN', 'examples:', 'runtime-hub run --workflow batch-over-inputs']) expect(stdout).toContain(text);
  });

  it('lists every command and how the token is found in the overview', async () => {
    // ACT
    const result = await cli(['--help']);
    // ASSERT
    expect(result.code).toBe(0);
    for (const name of COMMAND_NAMES) expect(result.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('RH_TOKEN; RH_ADMIN_TOKEN; the admin-token file in RH_DATA_DIR when it is set, else in the nearest .runtime-hub folder');
  });
});

describe('what a command loads to start', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rh-cli-startup-'));
    // Preloaded into the CLI process: at exit, writes the path of every module it loaded.
    await writeFile(
      path.join(dir, 'trace-modules.js'),
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.RH_TEST_MODULES_FILE, Object.keys(require.cache).join('\\n')));\n",
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function modulesLoadedBy(args: string[]): Promise<{ result: CliResult; modules: string[] }> {
    const file = path.join(dir, `${args.join('-').replace(/[^\w-]/g, '_')}.txt`);
    const result = await cli(args, { env: { RH_TEST_MODULES_FILE: file }, nodeArgs: ['--require', path.join(dir, 'trace-modules.js')] });
    return { result, modules: (await readFile(file, 'utf8')).split('\n') };
  }

  /** Parts a listing or a log never needs: the validator, node definitions, schemas, Socket.IO, the apps. */
  const HEAVY = ['/libs/graph/', '/libs/nodes/', '/libs/protocol/', '/node_modules/zod/', '/node_modules/jsonata/', '/node_modules/socket.io-client/', '/apps/coordinator/', '/node_modules/@nestjs/', '/node_modules/bullmq/'];

  it.each([['runs'], ['runs', 'show', 'r1'], ['agents'], ['logs', 'r1'], ['run', '--workflow', 'nightly'], ['workflows'], ['schedules'], ['batches'], ['hooks'], ['secrets']])('`%s` loads none of the heavy parts', async (...args) => {
    // ACT
    const { result, modules } = await modulesLoadedBy(args);
    // ASSERT: it started, ran and failed only for want of a coordinator
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach the coordinator at ${NOWHERE}`);
    expect(modules.filter((module) => HEAVY.some((part) => module.includes(part)))).toEqual([]);
  });

  it('`validate` loads the validator and the node definitions, which it needs', async () => {
    const { result, modules } = await modulesLoadedBy(['validate', 'examples/web-health-check.json']);
    expect(result.code).toBe(0);
    expect(modules.some((module) => module.includes('/libs/graph/src/validate.ts'))).toBe(true);
    expect(modules.some((module) => module.includes('/libs/nodes/src/'))).toBe(true);
  });
});
