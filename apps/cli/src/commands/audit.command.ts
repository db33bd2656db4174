import { parseArgs } from 'node:util';
import { ApiClient } from '../api-client';
import { cliConfig } from '../cli.config';
import { EXIT_OK, type CliIo, type Command } from '../command';
import { formatTable, formatTime } from '../table';
import { auditSpec } from './audit.help';

interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actorType: string;
  readonly actorName: string;
  readonly action: string;
  readonly target: string | null;
  readonly sourceAddress: string | null;
}

const FILTERS = ['actor', 'action', 'target', 'since', 'until', 'limit', 'cursor'] as const;

/** `runtime-hub audit [filters]`: the audit log, newest first, one page at a time. */
export const auditCommand: Command = {
  name: 'audit',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({ args, options: auditSpec.options });
    const query = new URLSearchParams();
    for (const name of FILTERS) if (values[name] !== undefined) query.set(name, values[name]);
    const client = new ApiClient(await cliConfig());
    const page = await client.get<{ items: AuditEntry[]; nextCursor: string | null }>(`/api/audit${query.size > 0 ? `?${query}` : ''}`);
    if (values.json) {
      io.out(JSON.stringify(page, null, 2));
      return EXIT_OK;
    }
    const rows = page.items.map((entry) => [formatTime(entry.at), `${entry.actorName} (${entry.actorType})`, entry.action, entry.target ?? '-', entry.sourceAddress ?? '-']);
    for (const line of formatTable(['TIME (UTC)', 'ACTOR', 'ACTION', 'TARGET', 'FROM'], rows)) io.out(line);
    if (page.nextCursor) io.out(`more: runtime-hub audit --cursor ${page.nextCursor}${query.size > 0 ? ' (with the same filters)' : ''}`);
    return EXIT_OK;
  },
};
