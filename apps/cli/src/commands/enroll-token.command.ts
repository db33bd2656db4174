import { parseArgs } from 'node:util';
import type { CreatedEnrollToken, EnrollTokenRecord } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { parseDuration } from '../duration';
import { formatTable, formatTime } from '../table';
import { enrollTokenSpec } from './enroll-token.help';

/**
 * `runtime-hub enroll-token ...`: the tokens agents present once to enroll. `create` prints
 * the secret (this once; the coordinator keeps only its hash), then how to use it. Without
 * `--expires` the coordinator's default lifetime applies (RH_ENROLL_TOKEN_DEFAULT_TTL_MS);
 * without `--uses`, any number of agents may enroll until it expires or is revoked.
 */
export const enrollTokenCommand: Command = {
  name: 'enroll-token',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: enrollTokenSpec.options,
    });
    const [action, ...rest] = positionals;
    const usage = () => new CliError(`usage: ${enrollTokenSpec.usage.join(' | ')}`, EXIT_INVALID);
    const client = new ApiClient(await cliConfig());
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));

    switch (action) {
      case 'create': {
        if (rest.length > 0) throw usage();
        const created = await client.post<CreatedEnrollToken>('/api/enroll-tokens', createBody(values));
        if (values.json) {
          print(created);
          return EXIT_OK;
        }
        io.out(created.token);
        io.err(`enroll token ${created.id}: labels ${created.labels.join(',') || '-'}, ${usesText(created)}, expires ${created.expiresAt ? formatTime(created.expiresAt) : 'never'} (UTC)`);
        io.err('It is shown this once. On each host: runtime-hub worker --url URL --enroll-token <token>');
        return EXIT_OK;
      }
      case 'list': {
        if (rest.length > 0) throw usage();
        const tokens = await client.get<EnrollTokenRecord[]>('/api/enroll-tokens');
        if (values.json) {
          print(tokens);
          return EXIT_OK;
        }
        const rows = tokens.map((token) => [
          token.id,
          token.state,
          token.labels.join(',') || '-',
          usesText(token),
          token.expiresAt ? formatTime(token.expiresAt) : 'never',
          formatTime(token.createdAt),
        ]);
        for (const line of formatTable(['ID', 'STATE', 'LABELS', 'USES', 'EXPIRES (UTC)', 'CREATED (UTC)'], rows)) io.out(line);
        return EXIT_OK;
      }
      case 'revoke': {
        if (rest.length !== 1) throw usage();
        const revoked = await client.delete<EnrollTokenRecord>(`/api/enroll-tokens/${encodeURIComponent(rest[0]!)}`);
        if (values.json) print(revoked);
        else io.out(`enroll token ${revoked.id} revoked: no agent can enroll with it any more`);
        return EXIT_OK;
      }
      default:
        throw usage();
    }
  },
};

function createBody(values: { labels?: string; expires?: string; uses?: string }): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.labels !== undefined) body.labels = values.labels.split(',').map((label) => label.trim()).filter((label) => label !== '');
  if (values.expires !== undefined) {
    try {
      body.expiresInMs = parseDuration(values.expires);
    } catch (error) {
      throw new CliError(`--expires: ${(error as Error).message}`, EXIT_INVALID);
    }
  }
  if (values.uses !== undefined) {
    const uses = Number(values.uses);
    if (!/^\d+$/.test(values.uses) || uses < 1) throw new CliError(`--uses: "${values.uses}" is not a whole number of enrollments above 0`, EXIT_INVALID);
    body.maxUses = uses;
  }
  return body;
}

function usesText(token: Pick<EnrollTokenRecord, 'uses' | 'maxUses'>): string {
  return token.maxUses === null ? `${token.uses} uses (unlimited)` : `${token.uses}/${token.maxUses} uses`;
}
