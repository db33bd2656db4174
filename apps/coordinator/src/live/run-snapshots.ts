import { Injectable } from '@nestjs/common';
import type { RunRecord } from '@runtime-hub/protocol';

/** Reads a whole run for `run:snapshot` (the run engine's read model). Null: no such run. */
export type RunSnapshotReader = (runId: string) => Promise<RunRecord | null>;

/**
 * Where `/live` gets the snapshot it sends after `run:subscribe`. The runs module registers
 * its reader here when it starts (it imports the live module, not the other way round).
 * Until then a subscriber gets updates only and reads the run itself (`GET /api/runs/:id`).
 */
@Injectable()
export class RunSnapshots {
  private reader: RunSnapshotReader | undefined;

  setReader(reader: RunSnapshotReader): void {
    this.reader = reader;
  }

  /** undefined: no reader registered, so nothing can be said about the run. */
  async read(runId: string): Promise<RunRecord | null | undefined> {
    return this.reader ? this.reader(runId) : undefined;
  }
}
