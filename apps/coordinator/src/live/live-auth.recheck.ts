import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LIVE_NAMESPACE } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { LiveTokenVerifier } from './live-token.verifier';
import { SocketServer } from './socket-server.service';

/** What the `/live` gateway keeps on each connection. */
export interface LiveSocketData {
  /** The token the connection authenticated with (a dashboard session's, usually). */
  tokenId?: string;
}

/**
 * Ends `/live` connections whose token stopped authenticating (revoked, expired, or derived
 * from a token that was): every RH_LIVE_AUTH_RECHECK_MS, and at once after a revocation made by
 * this process. The connection's own messages are checked as they come (live.gateway.ts);
 * this covers a dashboard that only listens. One query per pass, for the distinct tokens.
 */
@Injectable()
export class LiveAuthRecheck implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SocketServer) private readonly sockets: SocketServer,
    @Inject(LiveTokenVerifier) private readonly tokens: LiveTokenVerifier,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.recheck(), this.config.sockets.liveAuthRecheckMs);
    this.timer.unref();
    this.stopListening = this.tokens.onRevoke(() => void this.recheck());
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
    this.stopListening?.();
  }

  /** One pass; a pass asked for while one runs is run once more after it. */
  recheck(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not check the tokens of /live connections; trying again at the next pass'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.recheck();
        }
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    const sockets = [...this.sockets.server.of(LIVE_NAMESPACE).sockets.values()];
    const tokenIds = [...new Set(sockets.map((socket) => (socket.data as LiveSocketData).tokenId).filter((id): id is string => id !== undefined))];
    if (tokenIds.length === 0) return;
    const valid = await this.tokens.stillValid(tokenIds);
    for (const socket of sockets) {
      const { tokenId } = socket.data as LiveSocketData;
      if (tokenId === undefined || valid.has(tokenId)) continue;
      this.logger.info({ tokenId }, 'closed a /live connection: its token was revoked or expired');
      socket.disconnect(true);
    }
  }
}
