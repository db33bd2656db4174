import { parseArgs } from 'node:util';
import type { AgentRecord } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { cliConfig } from '../cli.config';
import { EXIT_OK, type CliIo, type Command } from '../command';
import { formatTable, formatTime } from '../table';

/** `runtime-hub agents [--json]`: every agent the coordinator knows, online or not. */
export const agentsCommand: Command = {
  name: 'agents',
  summary: 'list agents with their status, labels and capabilities',
  usage: 'runtime-hub agents [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({ args, allowPositionals: false, options: { json: { type: 'boolean' } } });
    const client = new ApiClient(await cliConfig());
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
