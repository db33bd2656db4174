import type { CommandSpec } from '../command';
import { API_ENV, API_EXIT_CODES, JSON_OPTION } from '../help/common.help';

export const auditSpec = {
  name: 'audit',
  summary: 'read the audit log: who did what, to what, from where and when (admin)',
  usage: ['runtime-hub audit [--actor EMAIL|TOKEN] [--action ACTION] [--target KIND:ID] [--since TIME] [--until TIME] [--limit N] [--cursor C] [--json]'],
  description:
    'Lists audit entries newest first: sign-ins and sign-outs, failed sign-ins, token and enroll-token changes, agent ' +
    'revocations, workflow and schedule changes, runs started, cancelled and retried, user and role changes. Filters ' +
    'match exactly; --since and --until take ISO times. When more entries remain, the last line names the --cursor to ' +
    'pass for the next page.',
  options: {
    actor: { type: 'string', value: 'NAME', description: "a person's email or a token's name" },
    action: { type: 'string', value: 'ACTION', description: 'runs.start, session.sign-in, tokens.revoke, ...' },
    target: { type: 'string', value: 'KIND:ID', description: 'run:<id>, workflow:<id>, user:<id>, ...' },
    since: { type: 'string', value: 'TIME', description: 'entries at or after this ISO time' },
    until: { type: 'string', value: 'TIME', description: 'entries at or before this ISO time' },
    limit: { type: 'string', value: 'N', description: 'entries per page' },
    cursor: { type: 'string', value: 'C', description: 'the next page, as printed by the previous one' },
    json: JSON_OPTION,
  },
  env: API_ENV,
  examples: [
    ['runtime-hub audit --action runs.cancel', 'who cancelled runs'],
    ['runtime-hub audit --actor ada@example.com --since 2026-01-01T00:00:00Z', "one person's actions this year"],
  ],
  exitCodes: API_EXIT_CODES,
} as const satisfies CommandSpec;
