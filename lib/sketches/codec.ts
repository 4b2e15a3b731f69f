/**
 * Shared binary codec for the sketch formats.
 *
 * Every serialised sketch starts with two bytes: the format version, then a kind tag (`'D'` DDSketch, `'H'`
 * HyperLogLog, `'T'` TopK), so that bytes of one sketch type fed to another type's `deserialize` fail with a
 * clear message instead of decoding into nonsense. Multi-byte floats are little-endian IEEE 754; unsigned
 * integers are LEB128 varints (up to 2^53 − 1); signed 32-bit integers are zig-zag varints.
 */

/** Thrown when bytes handed to a sketch's `deserialize` are not a valid serialised sketch. */
export class SketchFormatError extends Error {
  override readonly name = 'SketchFormatError';
}

export const KIND_DDSKETCH = 0x44; // 'D'
export const KIND_HYPERLOGLOG = 0x48; // 'H'
export const KIND_TOPK = 0x54; // 'T'

const TWO_POW_7 = 128;

/** Append-only byte buffer that grows by doubling. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = 64) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  /** Unsigned LEB128; `value` must be an integer in [0, 2^53 − 1]. */
  varint(value: number): void {
    this.ensure(8);
    let v = value;
    while (v >= TWO_POW_7) {
      this.buf[this.pos++] = (v % TWO_POW_7) | 0x80;
      v = Math.floor(v / TWO_POW_7);
    }
    this.buf[this.pos++] = v;
  }

  /** Zig-zag varint of a signed 32-bit integer. */
  zigzag32(value: number): void {
    this.varint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  f64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, value, true);
    this.pos += 4;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** A right-sized copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Bounds-checked reader; every failure throws a {@link SketchFormatError} prefixed with the sketch name. */
export class ByteReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    if (!(bytes instanceof Uint8Array)) this.fail('expected a Uint8Array or Buffer');
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string): never {
    throw new SketchFormatError(`${this.what}.deserialize: ${message}`);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Reads and checks the two-byte header (format version, kind tag). */
  header(version: number, kind: number): void {
    if (this.bytes.length === 0) this.fail('empty input');
    const v = this.u8();
    if (v !== version) this.fail(`unsupported format version ${v} (expected ${version})`);
    if (this.bytes.length < 2) this.fail('input too short (1 byte)');
    const k = this.u8();
    if (k !== kind) {
      this.fail(`not a ${this.what} (kind byte 0x${k.toString(16)}, expected 0x${kind.toString(16)})`);
    }
  }

  u8(): number {
    if (this.pos >= this.bytes.length) this.fail('truncated input');
    return this.view.getUint8(this.pos++);
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(result)) this.fail('varint out of range');
        if (b === 0 && i > 0) this.fail('non-canonical varint');
        return result;
      }
      scale *= TWO_POW_7;
    }
    return this.fail('varint too long');
  }

  zigzag32(): number {
    const z = this.varint();
    if (z > 0xffffffff) this.fail('zig-zag integer out of 32-bit range');
    return (z >>> 1) ^ -(z & 1);
  }

  f64(): number {
    if (this.remaining < 8) this.fail('truncated input');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  u32(): number {
    if (this.remaining < 4) this.fail('truncated input');
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  bytesView(length: number): Uint8Array {
    if (length > this.remaining) this.fail('truncated input');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Throws unless every byte was consumed. */
  end(): void {
    if (this.pos !== this.bytes.length)
      this.fail(`${this.bytes.length - this.pos} unexpected trailing bytes`);
  }
}
