import { parseArgs } from 'node:util';
import type { RunRecord, RunSummary } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { ApiRequestError } from '../api-request.error';
import { CliError } from '../cli-error';
import { cliConfig, type CliConfig } from '../cli.config';
import { START_WAIT_MS } from '../cli.defaults';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { coerceInputs, declaredInputs, parseInputFlags } from '../inputs';
import { followToEnd } from '../live/run-follower';
import { nodeSettledLine, printFinishedRun } from '../run-view';
import { readWorkflowFile } from '../workflow-file';
import { resolveWorkflow } from '../workflow-ref';
import { runSpec } from './run.help';

/**
 * `runtime-hub run FILE|--workflow NAME|ID [--version N] [--input k=v]... [--wait] [--json]`
 * (run.help.ts says what it does). A FILE is validated here before anything is sent; the
 * validator is loaded only then, so `run --workflow` starts as fast as `runs`.
 */
export const runCommand: Command = {
  name: 'run',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: runSpec.options });
    const [file] = positionals;
    if (positionals.length > 1 || (file === undefined) === (values.workflow === undefined)) {
      throw new CliError(`give either a workflow FILE or --workflow NAME|ID (usage: ${runSpec.usage.join(' | ')})`, EXIT_INVALID);
    }
    if (values.version !== undefined && values.workflow === undefined) throw new CliError('--version needs --workflow', EXIT_INVALID);
    const version = values.version === undefined ? undefined : parseVersion(values.version);
    const given = parseInputFlags(values.input ?? []);
    const config = await cliConfig();
    const client = new ApiClient(config);
    const request = file !== undefined ? await fileRequest(file, given) : await storedRequest(client, values.workflow as string, version, given);

    if (values.wait && values.json) {
      const run = await startAndWait(client, config, request, given, io);
      io.out(JSON.stringify(run, null, 2));
      return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED;
    }
    const started = await withInputHint(client.post<RunSummary>('/api/runs', request), given);
    if (!values.wait) {
      if (values.json) io.out(JSON.stringify(started, null, 2));
      else io.out(`run ${started.id} started (workflow "${started.workflowName}" v${started.workflowVersion}); follow it: runtime-hub logs ${started.id} --follow`);
      return EXIT_OK;
    }
    io.out(`run ${started.id} started (workflow "${started.workflowName}" v${started.workflowVersion}); following it live`);
    const run = await followToEnd(client, config, started.id, io, (node) => io.out(nodeSettledLine(node)));
    await printFinishedRun(client, run, io);
    return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED;
  },
};

/**
 * `--wait --json`: one request that the coordinator answers when the run has ended (200),
 * or after START_WAIT_MS with the run still going (202), which is then followed on `/live`.
 */
async function startAndWait(client: ApiClient, config: CliConfig, request: Record<string, unknown>, given: ReadonlyMap<string, string>, io: CliIo): Promise<RunRecord> {
  const answer = await withInputHint(client.postForStatus<RunRecord | RunSummary>('/api/runs', request, { waitMs: START_WAIT_MS }), given);
  if (answer.status === 200) return answer.body as RunRecord;
  return followToEnd(client, config, answer.body.id, io);
}

/** A FILE, validated here (exit 2 with one line per problem, nothing sent), sent whole. */
async function fileRequest(file: string, given: ReadonlyMap<string, string>): Promise<Record<string, unknown>> {
  const raw = await readWorkflowFile(file);
  const [{ formatProblem, validate }, { NODE_CATALOGUE }] = await Promise.all([import('@runtime-hub/graph'), import('@runtime-hub/nodes')]);
  const validation = validate(raw, NODE_CATALOGUE);
  if (!validation.ok) {
    throw new CliError([`${file} is not a valid workflow:`, ...validation.problems.map(formatProblem)].join('\n'), EXIT_INVALID);
  }
  return { definition: raw, inputs: coerceInputs(validation.definition.inputs, given), trigger: 'cli' };
}

/** A stored workflow by name or id; its declared inputs are read only to convert `--input` text. */
async function storedRequest(client: ApiClient, ref: string, version: number | undefined, given: ReadonlyMap<string, string>): Promise<Record<string, unknown>> {
  const { id } = await resolveWorkflow(client, ref);
  const declared = given.size > 0 ? await declaredInputs(client, id, version) : {};
  return { workflowId: id, ...(version === undefined ? {} : { version }), inputs: coerceInputs(declared, given), trigger: 'cli' };
}

/**
 * A run refused because inputs are missing says how to give them: `give it with --input
 * dir=VALUE`. Inputs given but wrong are named by the coordinator's problems alone.
 */
async function withInputHint<T>(request: Promise<T>, given: ReadonlyMap<string, string>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof ApiRequestError) || error.code !== 'INVALID_INPUTS') throw error;
    const missing = error.problems
      .map((problem) => (problem as { input?: unknown }).input)
      .filter((input): input is string => typeof input === 'string' && !given.has(input))
      .map((input) => `--input ${input}=VALUE`);
    if (missing.length === 0) throw error;
    throw new CliError(`${error.message}\ngive ${missing.length === 1 ? 'it' : 'them'} with ${missing.join(' ')}`, error.exitCode, { cause: error });
  }
}

function parseVersion(text: string): number {
  const version = Number(text);
  if (!Number.isInteger(version) || version < 1) throw new CliError(`--version ${text}: expected a version number (1, 2, ...)`, EXIT_INVALID);
  return version;
}
