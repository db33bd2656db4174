import { Injectable, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTokenService, type ApiPrincipal } from '../auth/api-token.service';

/**
 * Whether a dashboard's `/live` token is a valid API token: the same tokens, and the same
 * check, as the REST API (`ApiTokenService`: not revoked nor expired, nor any token it derives
 * from). The service is looked up in the application rather than imported with its module, so
 * `/live` does not depend on how the auth module is wired; without it no token is valid.
 */
@Injectable()
export class LiveTokenVerifier {
  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  /** The token's principal, or undefined when it does not authenticate. */
  async verify(token: string): Promise<ApiPrincipal | undefined> {
    return this.service()?.authenticate(token);
  }

  /** Which of these token ids still authenticate. */
  async stillValid(tokenIds: readonly string[]): Promise<Set<string>> {
    return (await this.service()?.stillValid(tokenIds)) ?? new Set();
  }

  /** Calls `listener` after each revocation made by this process; returns the unsubscribe. */
  onRevoke(listener: () => void): () => void {
    return this.service()?.onRevoke(listener) ?? (() => undefined);
  }

  private service(): ApiTokenService | undefined {
    try {
      return this.moduleRef.get(ApiTokenService, { strict: false });
    } catch {
      return undefined;
    }
  }
}
