import type { Socket } from 'socket.io-client';
import type { Ack, LiveClientToServerEvents, LiveSessionServerToClientEvents, RunSubscription, RunsSubscription } from '@runtime-hub/protocol';
import { CliError } from '../cli-error';
import type { CliConfig } from '../cli.config';
import { LIVE_ACK_TIMEOUT_MS } from '../cli.defaults';
import { EXIT_FAILED, type CliIo } from '../command';

/** The protocol's LIVE_NAMESPACE, named here so that following a run does not load the schemas. */
export const LIVE_PATH = '/live';

/** The CLI's end of the coordinator's `/live` stream, typed by the protocol's event maps. */
export type LiveSocket = Socket<LiveSessionServerToClientEvents, LiveClientToServerEvents>;

/**
 * Opens `/live` with the CLI's API token, as the dashboard does, and resolves once it is
 * connected. A refused token or an unreachable coordinator fails the command with the
 * reason. Later drops are told on stderr; Socket.IO reconnects by itself and emits `connect`
 * again, on which followers subscribe again and catch up over REST.
 */
export async function connectLive(config: Pick<CliConfig, 'url' | 'token'>, io: CliIo): Promise<LiveSocket> {
  // Loaded here: only the commands that follow a run pay for Socket.IO.
  const { io: connect } = await import('socket.io-client');
  const socket: LiveSocket = connect(`${config.url}${LIVE_PATH}`, { transports: ['websocket'], auth: { token: config.token ?? '' } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('connect_error');
      resolve();
    });
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new CliError(`cannot follow the run live at ${config.url}${LIVE_PATH}: ${error.message}`, EXIT_FAILED, { cause: error }));
    });
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') io.err(`connection to the coordinator lost (${reason}); reconnecting...`);
  });
  return socket;
}

/** The subscriptions the CLI makes, with their payloads. */
type Subscription = ['run:subscribe', RunSubscription] | ['runs:subscribe', RunsSubscription];

/** Sends a subscription and waits for its acknowledgement; a refusal fails the command. */
export async function subscribe(socket: LiveSocket, ...[event, payload]: Subscription): Promise<void> {
  // The event map types each ack callback; emitWithAck's own typing cannot follow a union of events.
  const emit = socket.timeout(LIVE_ACK_TIMEOUT_MS) as unknown as { emitWithAck(name: string, body: unknown): Promise<Ack> };
  let ack: Ack;
  try {
    ack = await emit.emitWithAck(event, payload);
  } catch (error) {
    throw new CliError(`the coordinator did not acknowledge ${event} within ${LIVE_ACK_TIMEOUT_MS} ms`, EXIT_FAILED, { cause: error });
  }
  if (!ack.ok) throw new CliError(`${event} refused: ${ack.error.message}`, EXIT_FAILED);
}
