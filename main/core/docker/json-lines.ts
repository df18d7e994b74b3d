// Line-delimited JSON from a byte stream (Docker's /events): chunks may split a line or a UTF-8
// character anywhere; blank lines, garbage and non-object values are skipped, never thrown;
// a line longer than the limit is dropped whole instead of growing the buffer without bound.
import { StringDecoder } from 'node:string_decoder';

export class JsonLineDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  /** Dropping the rest of an overlong line until its newline. */
  private skipping = false;
  /** Lines that were not a JSON object (for diagnostics and tests). */
  skipped = 0;

  constructor(private readonly maxLineLength = 1024 * 1024) {}

  push(chunk: Buffer | string): Record<string, unknown>[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    return this.drain(false);
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): Record<string, unknown>[] {
    this.buffer += this.decoder.end();
    return this.drain(true);
  }

  private drain(final: boolean): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    let start = 0;
    for (let newline = this.buffer.indexOf('\n'); newline !== -1; newline = this.buffer.indexOf('\n', start)) {
      if (this.skipping) this.skipping = false;
      else this.parse(this.buffer.slice(start, newline), out);
      start = newline + 1;
    }
    this.buffer = start ? this.buffer.slice(start) : this.buffer;
    if (final) {
      if (!this.skipping) this.parse(this.buffer, out);
      this.buffer = '';
      this.skipping = false;
    } else if (this.buffer.length > this.maxLineLength) {
      this.buffer = '';
      if (!this.skipping) this.skipped += 1;
      this.skipping = true;
    }
    return out;
  }

  private parse(line: string, out: Record<string, unknown>[]): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        out.push(value as Record<string, unknown>);
        return;
      }
    } catch {
      // garbage: counted below
    }
    this.skipped += 1;
  }
}
