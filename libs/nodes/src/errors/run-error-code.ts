/**
 * The failure codes and the wire shape of a failure are the protocol's (libs/protocol
 * run-error.schema.ts): executors speak the same vocabulary as the dispatcher and the run
 * records, so nothing is translated on the way.
 */
export type { RunError, RunErrorCode } from '@runtime-hub/protocol';
