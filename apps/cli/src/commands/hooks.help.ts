import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const hooksSpec = {
  name: 'hooks',
  summary: 'webhook triggers: POST /hooks/<id> with a token or an HMAC signature starts a stored workflow',
  usage: [
    'runtime-hub hooks [list] [--json]',
    'runtime-hub hooks create NAME --workflow NAME|ID [--auth hmac-sha256|token] [--map input=PATH]... [--rate N] [--labels a,b] [--priority N] [--version N] [--json]',
    'runtime-hub hooks show|delete|rotate NAME|ID [--json]',
  ],
  description:
    'A hook lets a system outside the fleet (a Git host, monitoring) start a run: it POSTs JSON to /hooks/<id> and proves ' +
    'itself with the secret create prints once: as "Authorization: Bearer <secret>" (--auth token), or by signing the body ' +
    '"X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(secret, body)>" (--auth hmac-sha256, the default, as GitHub signs). ' +
    "--map takes an input's value from body.<path>, headers.<name> or query.<name>; without a map the body's fields that are " +
    'declared inputs are used. A call with ?waitMs=N answers the finished run. Calls over --rate a minute get 429. rotate ' +
    'gives a new secret; the old one stops working.',
  options: {
    workflow: { type: 'string', value: 'NAME|ID', description: 'create: the stored workflow to run' },
    auth: { type: 'string', value: 'hmac-sha256|token', description: 'create: how callers prove themselves (default hmac-sha256)' },
    map: { type: 'string', multiple: true, value: 'input=PATH', description: 'create: an input from body.a.b, headers.x-name or query.name (repeat)' },
    rate: { type: 'string', value: 'N', description: 'create: calls a minute (the coordinator’s default is 60)' },
    labels: { type: 'string', value: 'a,b', description: 'create: run on agents with these labels instead of the workflow targets' },
    priority: { type: 'string', value: 'N', description: 'create: 1 (last) to 100 (first), default 50' },
    version: { type: 'string', value: 'N', description: 'create: pin this version (default: the latest at each call)' },
    json: JSON_OPTION,
  },
  env: API_ENV,
  examples: [
    ['runtime-hub hooks create on-push --workflow deploy --map ref=body.ref --map repo=body.repository.name', 'a GitHub-style signed hook'],
    ['runtime-hub hooks create nightly-trigger --workflow report --auth token', 'a hook called with a bearer token'],
    ['runtime-hub hooks rotate on-push', 'a new secret'],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
