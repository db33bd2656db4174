import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const secretsSpec = {
  name: 'secrets',
  summary: 'the secret store: values workflows read as {{ secrets.NAME }}, encrypted at rest, never shown again',
  usage: [
    'runtime-hub secrets [list] [--json]',
    'runtime-hub secrets set NAME [--labels a,b] [--from-file PATH] [--json]   (the value from stdin unless --from-file)',
    'runtime-hub secrets rm NAME',
    'runtime-hub secrets rotate-key [--json]',
  ],
  description:
    'A secret is written once and never read back: list shows names, labels, the key id and who changed it when. set reads ' +
    'the value from stdin (or --from-file), without one trailing newline, so it never appears on a command line or in shell ' +
    'history; setting an existing name replaces its value (and its labels when --labels is given). --labels limits the ' +
    'secret to agents holding every label: a task that needs it is refused on other agents. A workflow uses it as ' +
    '{{ secrets.NAME }} in a node config; the coordinator puts the value in only when the task is sent to its agent, and ' +
    'log lines and outputs that echo it show ***. rotate-key re-encrypts every secret under the coordinator\'s current key: ' +
    'set the new key as RH_SECRETS_KEY (or the first line of RH_SECRETS_KEY_FILE) and the old one in ' +
    'RH_SECRETS_PREVIOUS_KEYS (or the key file\'s next line), restart the coordinator, run rotate-key, then remove the old key.',
  options: {
    labels: { type: 'string', value: 'a,b', description: 'set: only agents with all these labels receive it' },
    'from-file': { type: 'string', value: 'PATH', description: 'set: read the value from this file instead of stdin' },
    json: JSON_OPTION,
  },
  env: API_ENV,
  examples: [
    ['printf %s "$DB_PASSWORD" | runtime-hub secrets set DB_PASSWORD --labels finance', 'a secret only finance agents receive'],
    ['runtime-hub secrets set DEPLOY_KEY --from-file ~/.ssh/deploy_key', 'a value from a file'],
    ['runtime-hub secrets rm DB_PASSWORD', 'delete it: runs that reference it are refused'],
    ['runtime-hub secrets rotate-key', 're-encrypt every secret under the current key'],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
