import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AgentIdSchema, AgentPublicKeySchema } from '@runtime-hub/protocol';
import { z } from 'zod';

/**
 * The agent's own identity: the id the coordinator gave it at enrollment and the private half
 * of the key pair it enrolled with, kept on the host in `<dataDir>/agent-<name>.json`,
 * readable by the service account only (mode 0600). With it the worker signs its handshakes
 * and reconnects without the enrollment token; its queue and history stay the same across
 * restarts.
 */
export const StoredCredentialSchema = z.strictObject({
  agentId: AgentIdSchema,
  /** Ed25519, PKCS#8 PEM. Never sent anywhere. */
  privateKey: z.string().startsWith('-----BEGIN PRIVATE KEY-----'),
  /** Its public half (32 bytes, base64url), as the coordinator stored it. */
  publicKey: AgentPublicKeySchema,
  /** The coordinator that issued it: a credential is worthless anywhere else. */
  coordinatorUrl: z.string().min(1),
  issuedAt: z.string().min(1),
});
export type StoredCredential = z.infer<typeof StoredCredentialSchema>;

/** Owner read/write only. On Windows, Node maps this to the read-only bit; ACLs of the data directory do the rest. */
const CREDENTIAL_FILE_MODE = 0o600;

/** The file a worker of this name keeps its credential in. Unsafe characters become `_`. */
export function credentialFilePath(dataDir: string, agentName: string): string {
  return path.join(dataDir, `agent-${agentName.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

export class CredentialStore {
  constructor(readonly file: string) {}

  /**
   * The stored credential, or null when there is none (first start). A file that cannot be
   * parsed is reported, not silently replaced: a bad edit should not cost the host its identity.
   */
  async load(): Promise<StoredCredential | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.file}: not valid JSON (${(error as Error).message}); remove it to enroll again`, { cause: error });
    }
    const parsed = StoredCredentialSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
      throw new Error(`${this.file}: not a credential file (${problems}); remove it to enroll again`);
    }
    return parsed.data;
  }

  /**
   * Writes the credential atomically (a temporary file created with mode 0600, then renamed
   * over the old one), so a crash never leaves a half-written identity behind.
   */
  async save(credential: StoredCredential): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(credential, null, 2)}\n`, { mode: CREDENTIAL_FILE_MODE });
      // The mode given to writeFile applies only when the file is created and is narrowed by the umask.
      await chmod(temporary, CREDENTIAL_FILE_MODE);
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Forgets the credential (the coordinator revoked or no longer knows it). */
  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
