import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const enrollTokenSpec = {
  name: 'enroll-token',
  summary: 'create, list and revoke the tokens agents enroll with',
  usage: [
    'runtime-hub enroll-token create [--labels a,b] [--expires 1h] [--uses N] [--json]',
    'runtime-hub enroll-token list [--json]',
    'runtime-hub enroll-token revoke ID',
  ],
  description:
    'Tokens that agents present once to enroll. create prints the secret on stdout (this once: the coordinator keeps ' +
    'only its hash) and how to use it on stderr. Without --expires the coordinator default lifetime applies ' +
    '(RH_ENROLL_TOKEN_DEFAULT_TTL_MS); without --uses any number of agents may enroll until it expires or is revoked. ' +
    'Its labels are added to every agent that enrolls with it.',
  options: {
    labels: { type: 'string', value: 'a,b', description: 'create: labels every agent enrolled with it carries' },
    expires: { type: 'string', value: 'DURATION', description: 'create: lifetime, a whole number and s, m, h, d or w (30m, 1h, 7d)' },
    uses: { type: 'string', value: 'N', description: 'create: how many agents may enroll with it' },
    json: JSON_OPTION,
  },
  env: API_ENV,
  examples: [
    ['runtime-hub enroll-token create --labels windows,finance --expires 1h --uses 10', 'a token for ten hosts, valid one hour'],
    ['runtime-hub enroll-token revoke 5b0d...', 'no agent can enroll with it any more'],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
