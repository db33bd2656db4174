import { Module } from '@nestjs/common';
import { LiveAuthRecheck } from './live-auth.recheck';
import { LiveEvents } from './live.events';
import { LIVE_PUBLISHER } from './live.ports';
import { LiveTokenVerifier } from './live-token.verifier';
import { RunLogWriter } from './run-log.writer';
import { SocketServer } from './socket-server.service';

/**
 * What dashboards' live channel (`/live`) publishes, and the Socket.IO server that `/agents`
 * shares. Exports LIVE_PUBLISHER for the run engine, SocketServer / LiveEvents for the agents
 * module, and LiveTokenVerifier for the `/live` gateway, which sits above the run engine
 * (live-gateway.module.ts).
 */
@Module({
  providers: [SocketServer, RunLogWriter, LiveEvents, LiveTokenVerifier, LiveAuthRecheck, { provide: LIVE_PUBLISHER, useExisting: LiveEvents }],
  exports: [SocketServer, LiveEvents, LiveTokenVerifier, LIVE_PUBLISHER],
})
export class LiveModule {}
