import { parseArgs } from 'node:util';
import type { AgentRecord } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { cliConfig } from '../cli.config';
import { CliError } from '../cli-error';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { formatTable, formatTime } from '../table';
import { agentsSpec } from './agents.help';

/**
 * `runtime-hub agents [--json]`: every agent the coordinator knows, online or not.
 * `runtime-hub agents revoke ID`: the agent is disconnected at once, its tasks move on, and it
 * cannot sign in again until `agents restore ID`. `agents labels ID a,b` sets its labels;
 * `agents remove ID` forgets an agent that is not online, freeing its name.
 */
export const agentsCommand: Command = {
  name: 'agents',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: agentsSpec.options });
    const client = new ApiClient(await cliConfig());
    const [action, ...rest] = positionals;
    const route = (id: string, tail = '') => `/api/agents/${encodeURIComponent(id)}${tail}`;
    const show = (agent: AgentRecord, said: string) => io.out(values.json ? JSON.stringify(agent, null, 2) : said);
    if (action === 'revoke' && rest.length === 1) {
      const revoked = await client.post<AgentRecord>(route(rest[0]!, '/revoke'));
      show(revoked, `agent ${revoked.name} (${revoked.id}) revoked: disconnected, its tasks move to other agents`);
      return EXIT_OK;
    }
    if (action === 'restore' && rest.length === 1) {
      const restored = await client.post<AgentRecord>(route(rest[0]!, '/restore'));
      show(restored, `agent ${restored.name} (${restored.id}) restored: it may sign in again with its key`);
      return EXIT_OK;
    }
    if (action === 'labels' && rest.length === 2) {
      const labels = rest[1]!.split(',').map((label) => label.trim()).filter((label) => label !== '');
      const labelled = await client.put<AgentRecord>(route(rest[0]!, '/labels'), { labels });
      show(labelled, `agent ${labelled.name} (${labelled.id}) labels: ${labelled.labels.join(',') || '-'}`);
      return EXIT_OK;
    }
    if (action === 'remove' && rest.length === 1) {
      const removed = await client.delete<AgentRecord>(route(rest[0]!));
      show(removed, `agent ${removed.name} (${removed.id}) removed: its name is free; its runs keep its id`);
      return EXIT_OK;
    }
    if (action !== undefined) throw new CliError(`unknown action "${action}" (usage: ${agentsSpec.usage.join(' | ')})`, EXIT_INVALID);
    const agents = await client.get<AgentRecord[]>('/api/agents');
    if (values.json) {
      io.out(JSON.stringify(agents, null, 2));
      return EXIT_OK;
    }
    const rows = [...agents]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((agent) => [
        agent.name,
        agent.id,
        agent.status,
        `${agent.kind} ${agent.os}/${agent.arch}`,
        `${agent.runningTasks}/${agent.concurrency}`,
        formatTime(agent.lastHeartbeatAt),
        agent.labels.join(',') || '-',
        agent.capabilities.join(','),
      ]);
    for (const line of formatTable(['NAME', 'ID', 'STATUS', 'KIND', 'RUNNING', 'LAST HEARTBEAT (UTC)', 'LABELS', 'CAPABILITIES'], rows)) io.out(line);
    return EXIT_OK;
  },
};
