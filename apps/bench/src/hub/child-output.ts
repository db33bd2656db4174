import { closeSync, openSync, readFileSync, statSync } from 'node:fs';

/** Bytes of a child process's log read back to explain a failure. */
export const OUTPUT_TAIL_BYTES = 8_000;

/**
 * Where a child process (coordinator, worker) writes its stdout and stderr: a file, not a
 * pipe. The processes log at their production level, and a file never pushes back on a
 * synchronous logger nor costs the bench's event loop anything while it measures.
 */
export class ChildOutput {
  private readonly fd: number;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  /** For `spawn`/`fork` stdio: both streams go to the file. */
  get descriptor(): number {
    return this.fd;
  }

  /** Closes the bench's handle; the child keeps its own. */
  close(): void {
    closeSync(this.fd);
  }

  tail(): string {
    try {
      const size = statSync(this.file).size;
      const text = readFileSync(this.file, 'utf8');
      return size > OUTPUT_TAIL_BYTES ? text.slice(-OUTPUT_TAIL_BYTES) : text;
    } catch {
      return '';
    }
  }
}
