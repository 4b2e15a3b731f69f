/**
 * Rows in PostgreSQL's COPY text format, written straight into buffers of about 64 KB: no string per field,
 * line or chunk on the way (building each line as a template, then joining and encoding the chunks, was
 * half of what the ingest worker allocated). Fields are separated by tabs, rows end with a newline;
 * backslash, tab, newline and carriage return are escaped; `\N` is NULL.
 */
export class CopyText {
  private buffer = Buffer.allocUnsafe(chunkBytes);
  private at = 0;
  private readonly chunks: Buffer[] = [];

  /** A text field: escaped as COPY needs it, UTF-8 encoded; null is NULL. */
  text(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.raw('\\N');
    const n = value.length;
    this.room(6 * n); // a UTF-16 unit is at most 3 bytes of UTF-8, doubled by an escape
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80 || c === 0x5c || c === 0x09 || c === 0x0a || c === 0x0d) {
        // The rest as a string: escapes and UTF-8 by the slower path (surrogate pairs stay whole).
        this.at = at + buffer.write(escape(value.slice(i)), at, 'utf8');
        return this;
      }
      buffer[at++] = c;
    }
    this.at = at;
    return this;
  }

  /** Text known to need no escape and to be ASCII (numbers, ISO timestamps, `t`/`f`, `\N`). */
  raw(ascii: string): this {
    const n = ascii.length;
    this.room(n);
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) buffer[at++] = ascii.charCodeAt(i);
    this.at = at;
    return this;
  }

  /** The field separator. */
  tab(): this {
    this.room(1);
    this.buffer[this.at++] = 0x09;
    return this;
  }

  /** The end of a row. */
  row(): this {
    this.room(1);
    this.buffer[this.at++] = 0x0a;
    return this;
  }

  /** The buffers written so far, in order; the writer starts over. */
  take(): Buffer[] {
    if (this.at > 0) this.chunks.push(this.buffer.subarray(0, this.at));
    const chunks = this.chunks.splice(0);
    this.buffer = Buffer.allocUnsafe(chunkBytes);
    this.at = 0;
    return chunks;
  }

  /** Makes room for `bytes` more: the full buffer is kept as a chunk and a new one started. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    if (this.at > 0) this.chunks.push(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.allocUnsafe(Math.max(chunkBytes, bytes));
    this.at = 0;
  }
}

/** Bytes per buffer: a few hundred events. */
const chunkBytes = 64 * 1024;

const needsEscape = /[\\\t\n\r]/;

/** COPY text format: backslash, tab, newline and carriage return escaped. */
export function escape(value: string): string {
  if (!needsEscape.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}
