import { z } from 'zod';
import { KNOWN_CAPABILITIES } from './capabilities';

/**
 * A host's local policy file (`--policy FILE`, default `policy.json` in the agent's data
 * directory), written by the host's administrator and read by every agent on the host, worker
 * and Python alike (the Python agent validates against the JSON Schema generated from this):
 *
 *   { "deny": ["shell:powershell", "process"], "files": { "allow": ["D:\\drop", "/srv/in"] } }
 *
 * Nothing the coordinator sends can change it; it only ever takes rights away.
 */

/**
 * An absolute path on Windows (`D:\drop`, `\\server\share`) or on POSIX (`/srv/in`): one file
 * may serve a mixed fleet, and each host uses the entries written for its own kind of path.
 */
export const POLICY_ROOT_PATTERN = /^(?:[A-Za-z]:[\\/]|[\\/]{2}[^\\/]|\/)/;

export const LocalPolicyFilesSchema = z.strictObject({
  allow: z
    .array(
      z.string().regex(POLICY_ROOT_PATTERN, {
        error: 'expected an absolute path: a drive (D:\\drop) or a share (\\\\server\\share) on Windows, /srv/in on Linux',
      }),
    )
    .describe(
      'Roots file nodes may touch, with everything under them; anything else is refused (PATH_DENIED). The agent data directory stays refused inside them.',
    ),
});
export type LocalPolicyFiles = z.infer<typeof LocalPolicyFilesSchema>;

export const LocalPolicySchema = z.strictObject({
  deny: z
    .array(z.enum(KNOWN_CAPABILITIES, { error: `expected a known capability (${KNOWN_CAPABILITIES.join(', ')})` }))
    .default([])
    .describe('Capabilities this host never offers, whatever it could run.'),
  files: LocalPolicyFilesSchema.optional().describe('Where file nodes may work on this host. Absent: anywhere but the agent data directory and this file.'),
});
export type LocalPolicy = z.infer<typeof LocalPolicySchema>;
