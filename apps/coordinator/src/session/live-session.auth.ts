import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { LIVE_NAMESPACE } from '@runtime-hub/protocol';
import { LOGGER, type Logger } from '../logging/logger';
import { SocketServer } from '../live/socket-server.service';
import { sessionCookieValue } from './session-cookie';
import { SessionService } from './session.service';

/**
 * Lets a dashboard's `/live` connection authenticate with its session cookie. The `/live`
 * gateway checks `auth.token` of the handshake; for a browser that connects without one,
 * this middleware (registered before the gateway's, in `onModuleInit`) reads the session
 * cookie from the handshake headers and, when it names a live session, hands that session
 * token on as `auth.token`, which the gateway then checks like any other token.
 *
 * The cookie counts only from a page of this origin: a handshake whose `Origin` names another
 * host is left without it (a cross-site page must not ride on the user's session).
 */
@Injectable()
export class LiveSessionAuth implements OnModuleInit {
  constructor(
    @Inject(SocketServer) private readonly sockets: SocketServer,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.sockets.server.of(LIVE_NAMESPACE).use((socket, next) => {
      this.useCookie(socket).then(
        () => next(),
        (error: unknown) => {
          this.logger.error({ err: error }, 'could not check a /live session cookie');
          next();
        },
      );
    });
  }

  private async useCookie(socket: Socket): Promise<void> {
    const auth: unknown = socket.handshake.auth;
    const given = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (typeof given === 'string' && given !== '') return;
    const { headers } = socket.handshake;
    if (!sameOrigin(headers.origin, headers.host)) return;
    const token = sessionCookieValue(headers.cookie);
    if (!token || !(await this.sessions.authenticate(token))) return;
    socket.handshake.auth = { ...(typeof auth === 'object' && auth !== null ? auth : {}), token };
  }
}

/** No Origin (not a browser page) or an Origin whose host is the one the request was sent to. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
