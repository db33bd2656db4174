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
 * cannot sign in again (an administrator may enroll the host anew with an enroll token).
 */
export const agentsCommand: Command = {
  name: 'agents',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: agentsSpec.options });
    const client = new ApiClient(await cliConfig());
    const [action, ...rest] = positionals;
    if (action === 'revoke' && rest.length === 1) {
      const revoked = await client.post<AgentRecord>(`/api/agents/${encodeURIComponent(rest[0]!)}/revoke`);
      if (values.json) io.out(JSON.stringify(revoked, null, 2));
      else io.out(`agent ${revoked.name} (${revoked.id}) revoked: disconnected, its tasks move to other agents`);
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
