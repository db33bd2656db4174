/**
 * Where replicas of one deployment exchange Socket.IO broadcasts: a Redis stream and pub/sub
 * channels named after the deployment's queue prefix, so two deployments sharing one Redis
 * (each with its own RH_QUEUE_PREFIX) never see each other's events.
 *
 * The streams adapter rather than the pub/sub one: a replica that loses Redis for a moment
 * reads the stream from where it stopped instead of missing what was published meanwhile,
 * and it needs one connection of ours (it duplicates it for its blocking read and its
 * subscriptions).
 */
export interface LiveAdapterOptions {
  readonly streamName: string;
  readonly channelPrefix: string;
  readonly sessionKeyPrefix: string;
  readonly maxLen: number;
  /** Every payload the coordinator broadcasts is JSON: no binary checks. */
  readonly onlyPlaintext: true;
}

export function liveAdapterOptions(queuePrefix: string, maxLen: number): LiveAdapterOptions {
  return {
    streamName: `${queuePrefix}:socket.io`,
    channelPrefix: `${queuePrefix}:socket.io`,
    sessionKeyPrefix: `${queuePrefix}:socket.io:session:`,
    maxLen,
    onlyPlaintext: true,
  };
}

interface BroadcastingAdapter {
  broadcast(packet: unknown, opts: unknown): unknown;
}

/**
 * The cluster adapter broadcasts asynchronously (it publishes to the stream, then sends to the
 * sockets here), so an event it cannot encode would be an unhandled rejection, which ends a
 * Node process, rather than an exception the publisher catches. Such a failure is logged.
 */
export function loggingBroadcastFailures<Adapter extends BroadcastingAdapter, Namespace>(
  factory: (nsp: Namespace) => Adapter,
  logger: { warn(fields: object, message: string): void },
): (nsp: Namespace) => Adapter {
  // Socket.IO calls the factory with `new`: a function (not an arrow) that returns the adapter.
  return function adapterOf(nsp: Namespace): Adapter {
    const adapter = factory(nsp);
    const broadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = (packet, opts) => {
      const sent = broadcast(packet, opts);
      if (sent instanceof Promise) sent.catch((error: unknown) => logger.warn({ err: error }, 'could not broadcast a live event'));
      return sent;
    };
    return adapter;
  };
}
