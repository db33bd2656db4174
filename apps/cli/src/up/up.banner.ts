import { existsSync } from 'node:fs';
import { DEFAULT_COORDINATOR_URL } from '../cli.config';
import type { CliIo } from '../command';
import type { LocalRedis } from './local-redis';
import type { LocalWorkers } from './local-workers';

/** What `runtime-hub up` prints once everything answers: where each part is and how to sign in. */

export interface BannerFacts {
  readonly url: string;
  /** Every coordinator replica, `url` first. */
  readonly replicaUrls: readonly string[];
  /** RH_ADMIN_TOKEN was set: the dashboard takes that value. */
  readonly adminTokenFromEnv: boolean;
  /** Where a generated admin token is stored (`<RH_DATA_DIR>/admin-token`). */
  readonly adminTokenFile: string;
  readonly redis: LocalRedis;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly workers: LocalWorkers;
  readonly enrollTokenGiven: boolean;
  readonly platform: NodeJS.Platform;
}

/** How to sign in to the dashboard, in the words of the banner (one or two lines). */
export function signInLines(facts: Pick<BannerFacts, 'adminTokenFromEnv' | 'adminTokenFile' | 'platform'>, fileExists: boolean): string[] {
  if (facts.adminTokenFromEnv) return ['paste the value of RH_ADMIN_TOKEN (the admin token set in this shell) into the sign-in page'];
  if (!fileExists) {
    return [
      `no admin token file (${facts.adminTokenFile}) and no RH_ADMIN_TOKEN: sign in with a token you made before,`,
      'or set RH_ADMIN_TOKEN to a new secret of 32 characters or more and start again (it becomes an admin token)',
    ];
  }
  const show = facts.platform === 'win32' ? `type "${facts.adminTokenFile}"` : `cat ${facts.adminTokenFile}`;
  return [`paste the admin token stored in ${facts.adminTokenFile} into the sign-in page`, `(show it: ${show}; the CLI reads it from there by itself)`];
}

export function printBanner(io: CliIo, facts: BannerFacts): void {
  const redisOrigin = { REDIS_URL: 'from REDIS_URL', local: 'already running', started: `started here, data in ${facts.dataDir}/redis` }[facts.redis.origin];
  const urlHint = facts.url === DEFAULT_COORDINATOR_URL ? '' : `RH_URL=${facts.url} `;
  const [signIn, ...moreSignIn] = signInLines(facts, existsSync(facts.adminTokenFile));
  io.out('');
  io.out('Runtime Hub is up.');
  io.out(`  dashboard     ${facts.url}/   (open it in a browser)`);
  io.out(`  sign in       ${signIn}`);
  for (const line of moreSignIn) io.out(`                ${line}`);
  io.out(`  coordinator   ${facts.url}   (REST API docs: ${facts.url}/api/docs; other clients send Authorization: Bearer <token>)`);
  if (facts.replicaUrls.length > 1) io.out(`  replicas      ${facts.replicaUrls.join(', ')}   (one deployment; behind a load balancer, see docs/ARCHITECTURE.md "Replicas")`);
  io.out(`  database      ${facts.databaseUrl ? 'DATABASE_URL' : `embedded PGlite in ${facts.dataDir}/pglite`}`);
  io.out(`  redis         ${facts.redis.origin === 'REDIS_URL' ? 'REDIS_URL' : facts.redis.url} (${redisOrigin})`);
  const workers = facts.workers.names.length > 0 ? `${facts.workers.names.join(', ')} (labels ${facts.workers.labels.join(',')})` : 'none (--workers 0)';
  io.out(`  workers       ${workers}`);
  io.out(`  enrollment    ${facts.enrollTokenGiven ? 'RH_ENROLL_TOKEN (local workers)' : 'local workers use a token generated for this session'}`);
  io.out(`                other hosts and Python agents: ${urlHint}npx runtime-hub enroll-token create --labels windows --expires 1h --uses 10`);
  io.out('');
  io.out('Run an example:');
  io.out(`  ${urlHint}npx runtime-hub run examples/batch-over-inputs.json --wait`);
  io.out(`  ${urlHint}npx runtime-hub agents`);
  io.out('');
  io.out('Ctrl-C stops everything started here.');
}
