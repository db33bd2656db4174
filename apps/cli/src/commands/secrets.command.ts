import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { SecretKeyRotation, SecretRecord } from '@runtime-hub/protocol';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { formatTable, formatTime } from '../table';
import { parseLabels } from '../trigger-ref';
import { secretsSpec } from './secrets.help';

/** `runtime-hub secrets ...` (secrets.help.ts says what each action does). */
export const secretsCommand: Command = {
  name: 'secrets',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: secretsSpec.options });
    const [action = 'list', ...rest] = positionals;
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    const name = () => {
      if (rest.length !== 1) throw new CliError(`secrets ${action} takes one secret name (usage: ${secretsSpec.usage.join(' | ')})`, EXIT_INVALID);
      return encodeURIComponent(rest[0]!);
    };
    switch (action) {
      case 'list': {
        const { items } = await (await client()).get<{ items: SecretRecord[] }>('/api/secrets');
        if (values.json) print({ items });
        else if (items.length === 0) io.out('no secrets (add one: printf %s "$VALUE" | runtime-hub secrets set NAME)');
        else for (const line of formatTable(['NAME', 'LABELS', 'KEY', 'UPDATED (UTC)', 'BY'], items.map((s) => [s.name, s.labels.join(',') || '(any agent)', s.keyId, formatTime(s.updatedAt), s.updatedBy ?? '']))) io.out(line);
        return EXIT_OK;
      }
      case 'set': {
        const path = name();
        const value = await readValue(values['from-file'], io);
        const labels = parseLabels(values.labels);
        const record = await (await client()).put<SecretRecord>(`/api/secrets/${path}`, { value, ...(labels !== undefined ? { labels } : {}) });
        if (values.json) print(record);
        else io.out(`secret "${record.name}" stored (key ${record.keyId}${record.labels.length > 0 ? `; only agents labelled [${record.labels.join(', ')}]` : ''}); use it as {{ secrets.${record.name} }}`);
        return EXIT_OK;
      }
      case 'rm':
      case 'delete': {
        const path = name();
        await (await client()).delete(`/api/secrets/${path}`);
        io.out(`secret "${rest[0]}" deleted`);
        return EXIT_OK;
      }
      case 'rotate-key': {
        const rotation = await (await client()).post<SecretKeyRotation>('/api/secrets/rotate-key');
        if (values.json) print(rotation);
        else {
          io.out(`re-encrypted ${rotation.reencrypted} secret(s) under key ${rotation.keyId}`);
          if (rotation.retiredKeyIds.length > 0) io.out(`no secret uses key(s) ${rotation.retiredKeyIds.join(', ')} any more: remove them from RH_SECRETS_PREVIOUS_KEYS (or the key file)`);
        }
        return EXIT_OK;
      }
      default:
        throw new CliError(`unknown action "${action}" (usage: ${secretsSpec.usage.join(' | ')})`, EXIT_INVALID);
    }
  },
};

async function client(): Promise<ApiClient> {
  return new ApiClient(await cliConfig());
}

/** The value from the file or stdin, without one trailing newline; an empty value is refused here. */
async function readValue(file: string | undefined, io: CliIo): Promise<string> {
  let text: string;
  if (file !== undefined) {
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(`--from-file ${file}: ${(error as Error).message}`, EXIT_INVALID);
    }
  } else {
    if (process.stdin.isTTY) io.err('type the value, then Enter and Ctrl-D (it is not echoed anywhere else)');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    text = Buffer.concat(chunks).toString('utf8');
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new CliError(`the value is empty: pipe it in (printf %s "$VALUE" | runtime-hub secrets set NAME) or use --from-file`, EXIT_INVALID);
  return value;
}
