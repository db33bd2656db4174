import type { Ack, AgentRegistration, DesktopSession, RegisterAckOk, TaskCancel, TaskRef } from '@runtime-hub/protocol';
import type { Logger } from './logger';
import type { CredentialStore } from './credential-store';
import type { BackoffPolicy, RandomSource } from './reconnect-backoff';

/** What the worker gives its control channel (control-channel.ts) and hears back from it. */

export type RegisteredAck = RegisterAckOk;

export interface ControlChannelHandlers {
  /** After every successful registration (the first and each one after a reconnect). */
  onRegistered(ack: RegisteredAck): void;
  /** `task:assign`: accept or refuse at once; the answer is the ack. */
  onAssign(task: unknown): Ack;
  /** The connection is gone (it is being re-established). */
  onDisconnected(): void;
  /** `task:cancel`, already parsed. */
  onCancel(cancel: TaskCancel): void;
  /** The worker cannot go on (revoked with no enrollment token to come back with). */
  onFatal(error: Error): void;
  /** Every heartbeat; the worker touches its liveness file. */
  onHeartbeat(): void;
}

export interface ControlChannelOptions {
  /** The first coordinator to try (and the one an enrollment records). */
  readonly coordinatorUrl: string;
  /**
   * Every coordinator replica to try, in order, `coordinatorUrl` among them; after a failed
   * attempt or a lost connection the next one is tried (round robin), so an agent whose replica
   * died is back on another within the first backoff.
   */
  readonly coordinatorUrls?: readonly string[];
  readonly registration: AgentRegistration;
  readonly credentials: CredentialStore;
  readonly enrollToken: string | undefined;
  readonly logger: Logger;
  readonly handlers: ControlChannelHandlers;
  /** Tasks running now, reported in each heartbeat. */
  runningTasks(): number;
  /** The attempts this worker holds (running, or results not acknowledged), sent at each registration. */
  heldTasks(): TaskRef[];
  /** The desktop session, asked before each registration and heartbeat. */
  desktopSession(): Promise<DesktopSession>;
  readonly backoff?: BackoffPolicy;
  readonly random?: RandomSource;
}
