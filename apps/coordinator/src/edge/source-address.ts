import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { clientAddress, trustedProxyMatcher } from './trusted-proxies';

/**
 * The source address of an HTTP request or Socket.IO handshake, as rate limits and connection
 * caps count it: the peer, or the client named by `X-Forwarded-For` when the peer is one of
 * RH_TRUSTED_PROXIES. Express's `req.ip` / `req.secure` use the same predicate (main.ts sets
 * it as `trust proxy`), so both sides agree.
 */
@Injectable()
export class SourceAddress {
  readonly isTrustedProxy: (address: string) => boolean;

  constructor(@Inject(COORDINATOR_CONFIG) config: CoordinatorConfig) {
    this.isTrustedProxy = trustedProxyMatcher(config.http.trustedProxies);
  }

  of(request: IncomingMessage): string {
    return clientAddress(request.socket?.remoteAddress, request.headers['x-forwarded-for'], this.isTrustedProxy);
  }
}
