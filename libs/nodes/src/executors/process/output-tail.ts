/**
 * Keeps the last `maxBytes` of a stream: results and errors are printed at the end. The
 * captured text says when its beginning was cut.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private keptBytes = 0;
  private seenBytes = 0;

  constructor(private readonly maxBytes: number) {}

  append(chunk: Buffer): void {
    this.seenBytes += chunk.length;
    this.chunks.push(chunk);
    this.keptBytes += chunk.length;
    while (this.keptBytes > this.maxBytes && this.chunks.length > 0) {
      const first = this.chunks[0] as Buffer;
      const excess = this.keptBytes - this.maxBytes;
      if (first.length <= excess) {
        this.chunks.shift();
        this.keptBytes -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.keptBytes -= excess;
      }
    }
  }

  get totalBytes(): number {
    return this.seenBytes;
  }

  get truncated(): boolean {
    return this.seenBytes > this.keptBytes;
  }

  /** The kept text; after a cut, it starts with a marker naming how many bytes were dropped. */
  text(): string {
    let bytes = Buffer.concat(this.chunks);
    if (!this.truncated) return bytes.toString('utf8');
    // The cut may fall inside a UTF-8 character: skip its continuation bytes (10xxxxxx).
    let start = 0;
    while (start < bytes.length && ((bytes[start] as number) & 0xc0) === 0x80) start += 1;
    bytes = bytes.subarray(start);
    return `[first ${this.seenBytes - bytes.length} bytes not kept]\n${bytes.toString('utf8')}`;
  }

  /** The last `count` non-empty lines of the kept text. */
  lastLines(count: number): string[] {
    const lines = Buffer.concat(this.chunks)
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '');
    return lines.slice(-count);
  }
}
