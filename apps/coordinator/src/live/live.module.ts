import { Module } from '@nestjs/common';
import { LiveAuthRecheck } from './live-auth.recheck';
import { LiveEvents } from './live.events';
import { LiveGateway } from './live.gateway';
import { LIVE_PUBLISHER } from './live.ports';
import { LiveTokenVerifier } from './live-token.verifier';
import { RunLogWriter } from './run-log.writer';
import { RunSnapshots } from './run-snapshots';
import { SocketServer } from './socket-server.service';

/**
 * Dashboards' live channel (`/live`) and the Socket.IO server that `/agents` shares.
 * Exports LIVE_PUBLISHER for the run engine, RunSnapshots for it to register its reader,
 * and SocketServer / LiveEvents for the agents module.
 */
@Module({
  providers: [
    SocketServer,
    RunLogWriter,
    LiveEvents,
    LiveTokenVerifier,
    RunSnapshots,
    LiveGateway,
    LiveAuthRecheck,
    { provide: LIVE_PUBLISHER, useExisting: LiveEvents },
  ],
  exports: [SocketServer, LiveEvents, RunSnapshots, LIVE_PUBLISHER],
})
export class LiveModule {}
