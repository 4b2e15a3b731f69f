/**
 * Rows in PostgreSQL's COPY text format, written straight into buffers of about 64 KB: no string per field,
 * line or chunk on the way (building each line as a template, then joining and encoding the chunks, was
 * half of what the ingest worker allocated). Fields are separated by tabs, rows end with a newline;
 * backslash, tab, newline and carriage return are escaped; `\N` is NULL.
 */
export class CopyText {
  private buffer = noBuffer; // allocated by the first write
  private at = 0;
  private readonly chunks: Buffer[] = [];

  /** A text field: escaped as COPY needs it, UTF-8 encoded; null is NULL. */
  text(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.raw('\\N');
    const n = value.length;
    this.room(n); // exactly what ASCII without escapes takes
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80 || c === 0x5c || c === 0x09 || c === 0x0a || c === 0x0d) {
        this.at = at;
        return this.slowText(value.slice(i), at - i);
      }
      buffer[at++] = c;
    }
    this.at = at;
    return this;
  }

  /**
   * The rest of a text field from its first escape or non-ASCII character: escaped as a string, then
   * encoded (surrogate pairs stay whole). When it does not fit, the field's start moves to a new buffer.
   */
  private slowText(rest: string, fieldStart: number): this {
    const escaped = escape(rest);
    const bytes = Buffer.byteLength(escaped, 'utf8');
    if (this.at + bytes > this.buffer.length) {
      const head = this.buffer.subarray(fieldStart, this.at);
      if (fieldStart > 0) this.chunks.push(this.buffer.subarray(0, fieldStart));
      this.buffer = Buffer.allocUnsafe(Math.max(chunkBytes, head.length + bytes));
      this.at = head.copy(this.buffer, 0);
    }
    this.at += this.buffer.write(escaped, this.at, 'utf8');
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
    this.buffer = noBuffer;
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

/** Before the first write: room() then allocates a buffer. */
const noBuffer = Buffer.alloc(0);

/** Bytes per buffer: a few hundred events. */
const chunkBytes = 64 * 1024;

const needsEscape = /[\\\t\n\r]/;

/** COPY text format: backslash, tab, newline and carriage return escaped. */
function escape(value: string): string {
  if (!needsEscape.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}
