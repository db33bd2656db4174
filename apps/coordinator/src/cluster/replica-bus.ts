import { Inject, Injectable } from '@nestjs/common';
import { SocketServer } from '../live/socket-server.service';

/** The caches of rarely changed rows each replica keeps (replica-caches.ts). */
export type ReplicaCacheName = 'workflow-versions' | 'run-limits' | 'notification-rules';

/** What one replica tells the others: about an agent, or a change its caches must forget. */
export type ReplicaMessage =
  /** A task may be due in the agent's queue (after `delayMs`): the replica holding it wakes its mailbox. */
  | { readonly type: 'wake'; readonly agentId: string; readonly delayMs: number }
  /** The agent registered on `replica`: any other replica drops what it still holds of it. */
  | { readonly type: 'moved'; readonly agentId: string; readonly replica: string }
  /** An administrator revoked the agent: the replica holding it disconnects it. */
  | { readonly type: 'revoke'; readonly agentId: string }
  /** An administrator set its labels: the replica holding it selects by them. */
  | { readonly type: 'labels'; readonly agentId: string; readonly labels: readonly string[] }
  /** The run engine cancels an attempt: the replica holding the agent tells it to stop. */
  | { readonly type: 'cancel'; readonly agentId: string; readonly task: { readonly runId: string; readonly nodeId: string; readonly attempt: number } }
  /** A row one of the caches holds changed (`key`; null: any of them): every replica forgets it. */
  | { readonly type: 'stale'; readonly cache: ReplicaCacheName; readonly key: string | null };

/** The namespace whose server-side events carry replica messages; agents' connections live there too, but never see these. */
const BUS_NAMESPACE = '/agents';
const BUS_EVENT = 'rh:replica';

/**
 * Messages between replicas, through the Socket.IO adapter they already share
 * (`serverSideEmit`): no connection of its own, and it reaches exactly the replicas of this
 * deployment (the adapter's stream is named after its queue prefix). Fire and forget: each
 * message is a hint whose absence a sweep or a timeout covers.
 */
@Injectable()
export class ReplicaBus {
  constructor(@Inject(SocketServer) private readonly sockets: SocketServer) {}

  publish(message: ReplicaMessage): void {
    this.sockets.server.of(BUS_NAMESPACE).serverSideEmit(BUS_EVENT, message);
  }

  subscribe(listener: (message: ReplicaMessage) => void): () => void {
    const namespace = this.sockets.server.of(BUS_NAMESPACE);
    const handler = (message: ReplicaMessage): void => listener(message);
    namespace.on(BUS_EVENT, handler);
    return () => namespace.off(BUS_EVENT, handler);
  }
}
