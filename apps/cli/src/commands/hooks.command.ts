import { parseArgs } from 'node:util';
import type { HookCreated, HookRecord } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { parseInputFlags } from '../inputs';
import { formatTable, formatTime } from '../table';
import { parseCount, parseLabels, parsePriority, resolveByRef } from '../trigger-ref';
import { resolveWorkflow } from '../workflow-ref';
import { hooksSpec } from './hooks.help';

const AUTH = ['hmac-sha256', 'token'];

/** `runtime-hub hooks ...` (hooks.help.ts says what each action does). */
export const hooksCommand: Command = {
  name: 'hooks',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: hooksSpec.options });
    const [action = 'list', ...rest] = positionals;
    const config = await cliConfig();
    const client = new ApiClient(config);
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    const one = () => {
      if (rest.length !== 1) throw new CliError(`hooks ${action} takes one hook name or id (usage: ${hooksSpec.usage.join(' | ')})`, EXIT_INVALID);
      return rest[0]!;
    };
    const hook = async () => resolveByRef<HookRecord>(client, '/api/hooks', one(), 'hook');
    const printCreated = (created: HookCreated) => {
      if (values.json) return print(created);
      printHook(created.hook, config.url, io);
      io.out(`  secret     ${created.secret}  (shown this once)`);
      io.out(
        created.hook.auth === 'token'
          ? `  call it    curl -X POST -H "Authorization: Bearer ${created.secret}" -H "content-type: application/json" -d '{}' ${config.url}${created.hook.path}`
          : `  call it    sign the raw body: X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(secret, body)>`,
      );
    };
    switch (action) {
      case 'list': {
        const { items } = await client.get<{ items: HookRecord[] }>('/api/hooks');
        if (values.json) print({ items });
        else for (const line of formatTable(['NAME', 'WORKFLOW', 'AUTH', 'RATE/MIN', 'LAST CALL (UTC)', 'URL'], items.map((h) => [h.name, h.workflowName, h.auth, String(h.rateLimitPerMinute), formatTime(h.lastCalledAt), `${config.url}${h.path}`]))) io.out(line);
        return EXIT_OK;
      }
      case 'create': {
        if (values.workflow === undefined) throw new CliError('hooks create needs --workflow NAME|ID', EXIT_INVALID);
        if (values.auth !== undefined && !AUTH.includes(values.auth)) throw new CliError(`--auth ${values.auth}: expected one of ${AUTH.join('|')}`, EXIT_INVALID);
        const version = parseCount('version', values.version);
        const map = parseInputFlags(values.map ?? []);
        const { id } = await resolveWorkflow(client, values.workflow);
        printCreated(
          await client.post<HookCreated>('/api/hooks', {
            name: one(),
            workflowId: id,
            ...(version !== undefined ? { version } : {}),
            ...(values.auth !== undefined ? { auth: values.auth } : {}),
            ...(map.size > 0 ? { inputMap: Object.fromEntries(map) } : {}),
            ...(values.rate !== undefined ? { rateLimitPerMinute: parseCount('rate', values.rate) } : {}),
            ...(values.labels !== undefined ? { targetLabels: parseLabels(values.labels) } : {}),
            ...(values.priority !== undefined ? { priority: parsePriority(values.priority) } : {}),
          }),
        );
        return EXIT_OK;
      }
      case 'show': {
        const found = await hook();
        if (values.json) print(found);
        else printHook(found, config.url, io);
        return EXIT_OK;
      }
      case 'rotate': {
        printCreated(await client.post<HookCreated>(`/api/hooks/${(await hook()).id}/rotate-secret`));
        return EXIT_OK;
      }
      case 'delete': {
        const found = await hook();
        await client.delete(`/api/hooks/${found.id}`);
        if (!values.json) io.out(`hook "${found.name}" deleted; calls to it get 404`);
        return EXIT_OK;
      }
      default:
        throw new CliError(`unknown action "${action}" (usage: ${hooksSpec.usage.join(' | ')})`, EXIT_INVALID);
    }
  },
};

function printHook(hook: HookRecord, base: string, io: CliIo): void {
  io.out(`hook "${hook.name}" (${hook.id})`);
  io.out(`  url        POST ${base}${hook.path}`);
  io.out(`  workflow   "${hook.workflowName}" ${hook.version === null ? 'latest version' : `v${hook.version}`}; priority ${hook.priority}`);
  io.out(`  auth       ${hook.auth}; at most ${hook.rateLimitPerMinute} calls a minute`);
  io.out(`  inputs     ${hook.inputMap ? Object.entries(hook.inputMap).map(([name, from]) => `${name} <- ${from}`).join(', ') : "the body's fields that are declared inputs"}`);
  if (hook.targetLabels) io.out(`  runs on    agents with labels [${hook.targetLabels.join(', ')}]`);
  io.out(`  last call  ${formatTime(hook.lastCalledAt)}`);
}
