import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a byte stream into lines as they complete. Chunks may end in the middle of a UTF-8
 * character or a CRLF pair; both are carried to the next chunk. A line longer than
 * `maxLineChars` (binary output, a progress bar redrawn with CR) is emitted in pieces, so
 * memory stays bounded whatever a program prints.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly maxLineChars: number) {}

  push(chunk: Buffer): string[] {
    return this.take(this.pending + this.decoder.write(chunk), false);
  }

  /** The last line, if the stream did not end with a newline. */
  end(): string[] {
    return this.take(this.pending + this.decoder.end(), true);
  }

  private take(text: string, final: boolean): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline !== -1; newline = text.indexOf('\n', start)) {
      const end = newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
      lines.push(...this.cut(text.slice(start, end)));
      start = newline + 1;
    }
    let rest = text.slice(start);
    if (final) {
      if (rest !== '') lines.push(...this.cut(rest.endsWith('\r') ? rest.slice(0, -1) : rest));
      rest = '';
    } else if (rest.length > this.maxLineChars) {
      const whole = rest.length - (rest.length % this.maxLineChars);
      lines.push(...this.cut(rest.slice(0, whole)));
      rest = rest.slice(whole);
    }
    this.pending = rest;
    return lines;
  }

  private cut(line: string): string[] {
    if (line.length <= this.maxLineChars) return [line];
    const pieces: string[] = [];
    for (let start = 0; start < line.length; start += this.maxLineChars) pieces.push(line.slice(start, start + this.maxLineChars));
    return pieces;
  }
}
