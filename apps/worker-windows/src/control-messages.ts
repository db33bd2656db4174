import type { AgentsClientToServerEvents } from '@runtime-hub/protocol';

/** What the worker sends on `/agents`. */
export type WorkerToCoordinatorEvents = AgentsClientToServerEvents;
