import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTokenService } from '../auth/api-token.service';

/**
 * Whether a dashboard's `/live` token is a valid API token: the same tokens, and the same
 * check, as the REST API (`ApiTokenService.authenticate`). The service is looked up in the
 * application rather than imported with its module, so `/live` does not depend on how the
 * auth module is wired; without it no token is valid.
 */
@Injectable()
export class LiveTokenVerifier {
  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  async verify(token: string): Promise<boolean> {
    let tokens: ApiTokenService;
    try {
      tokens = this.moduleRef.get(ApiTokenService, { strict: false });
    } catch {
      return false;
    }
    return (await tokens.authenticate(token)) !== undefined;
  }
}
