import { ByteReader, ByteWriter, KIND_HYPERLOGLOG } from './codec';
import { hashOut, hashString64 } from './hash';

/**
 * HyperLogLog distinct counter in the HLL++ style (Flajolet et al. 2007; Heule, Nunkesser & Hall 2013).
 *
 * - Hash: 64-bit MurmurHash3_x86_128 (first 64 bits) of the UTF-8 string, computed with 32-bit integer
 *   arithmetic only (see `hash.ts`). With 64 hash bits no large-range correction is needed.
 * - Sparse representation for small cardinalities: the exact sorted set of distinct 64-bit hashes, up to
 *   `sparseThreshold` entries (1024 by default, 8 bytes each). Its estimate is the set size, exact up to
 *   64-bit hash collisions (probability ≈ n²/2^65, i.e. never in practice).
 * - Dense representation: `m = 2^precision` registers (16384 for p = 14, std error 1.04/√m ≈ 0.81 %);
 *   register `j` (top p bits of the hash) keeps the maximum `ρ` = 1 + leading zeros of the other 64 − p bits.
 *   The sparse set converts to dense registers when it would exceed the threshold; the estimate stays
 *   continuous through the switch.
 * - Dense estimate: linear counting `m·ln(m/V)` (V = empty registers) while it is below the HLL++ threshold
 *   for p (11500 for p = 14) — the standard small-range correction — and above it Ertl's improved raw
 *   estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017, as used by Redis),
 *   which needs no empirical bias tables and is unbiased over the whole range.
 *
 * Merging: sparse + sparse stays sparse (set union) until the threshold; anything with a dense side becomes
 * dense (register-wise max). The result is identical whatever the merge order. Both sides must have the same
 * precision.
 */

/** Options of a {@link HyperLogLog}. */
export interface HyperLogLogOptions {
  /**
   * Precision p: `2^p` registers in dense form, relative std error ≈ 1.04 / √(2^p). Integer in [4, 18].
   * @defaultValue 14
   */
  precision?: number;
  /**
   * Maximum number of distinct hashes kept in the exact sparse form before switching to dense registers.
   * 0 makes the sketch dense from the start. Integer in [0, 65536].
   * @defaultValue 1024
   */
  sparseThreshold?: number;
}

export const HYPERLOGLOG_FORMAT_VERSION = 1;
const DEFAULT_PRECISION = 14;
const MIN_PRECISION = 4;
const MAX_PRECISION = 18;
const DEFAULT_SPARSE_THRESHOLD = 1024;
const MAX_SPARSE_THRESHOLD = 65536;

const ENCODING_SPARSE = 0;
const ENCODING_DENSE_PACKED = 1;
const ENCODING_DENSE_LIST = 2;

/** HLL++ (Heule et al. 2013) linear-counting thresholds, indexed by precision − 4. */
const LINEAR_COUNTING_THRESHOLDS = [
  10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000,
];

const ALPHA_INF = 1 / (2 * Math.LN2);
const EMPTY_SPARSE = new Uint32Array(0);

function checkPrecision(p: number): void {
  if (!(Number.isInteger(p) && p >= MIN_PRECISION && p <= MAX_PRECISION)) {
    throw new RangeError(
      `HyperLogLog: precision must be an integer in [${MIN_PRECISION}, ${MAX_PRECISION}], got ${p}`,
    );
  }
}

function checkThreshold(t: number): void {
  if (!(Number.isInteger(t) && t >= 0 && t <= MAX_SPARSE_THRESHOLD)) {
    throw new RangeError(
      `HyperLogLog: sparseThreshold must be an integer in [0, ${MAX_SPARSE_THRESHOLD}], got ${t}`,
    );
  }
}

/** Ertl's σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k−1). */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let prev: number;
  do {
    x *= x;
    prev = z;
    z += x * y;
    y += y;
  } while (prev !== z);
  return z;
}

/** Ertl's τ(x) = (1/3)(1 − x − Σ_{k≥1} (1 − x^(2^−k))² 2^−k). */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let prev: number;
  do {
    x = Math.sqrt(x);
    prev = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (prev !== z);
  return z / 3;
}

export class HyperLogLog {
  /** Precision p (2^p registers). */
  readonly precision: number;
  /** Largest number of entries of the sparse form. */
  readonly sparseThreshold: number;
  private readonly m: number;
  /** Register width in hash bits: ρ ranges over 0..q+1. */
  private readonly q: number;
  /** Sparse form: sorted unique 64-bit hashes as interleaved (hi, lo) words; null once dense. */
  private sparse: Uint32Array | null;
  private sparseSize = 0;
  private registers: Uint8Array | null = null;
  private cachedEstimate = -1;

  constructor(options: HyperLogLogOptions = {}) {
    const precision = options.precision ?? DEFAULT_PRECISION;
    const sparseThreshold = options.sparseThreshold ?? DEFAULT_SPARSE_THRESHOLD;
    checkPrecision(precision);
    checkThreshold(sparseThreshold);
    this.precision = precision;
    this.sparseThreshold = sparseThreshold;
    this.m = 1 << precision;
    this.q = 64 - precision;
    if (sparseThreshold === 0) {
      this.sparse = null;
      this.registers = new Uint8Array(this.m);
    } else {
      this.sparse = EMPTY_SPARSE;
    }
  }

  /** True while the sketch holds the exact sparse set of hashes. */
  get isSparse(): boolean {
    return this.sparse !== null;
  }

  /** Adds a string (hashed from its UTF-8 bytes). */
  add(value: string): void {
    hashString64(value);
    this.addHash(hashOut[0] ?? 0, hashOut[1] ?? 0);
  }

  /**
   * Adds a precomputed 64-bit hash given as two unsigned 32-bit words. Values must be uniformly distributed
   * (use {@link HyperLogLog.add} for raw strings); mixing both entry points requires the same hash function.
   */
  addHash(hi: number, lo: number): void {
    hi >>>= 0;
    lo >>>= 0;
    const registers = this.registers;
    if (registers !== null) {
      const idx = hi >>> (32 - this.precision);
      const rho = this.rho(hi, lo);
      if (rho > (registers[idx] ?? 0)) {
        registers[idx] = rho;
        this.cachedEstimate = -1;
      }
      return;
    }
    this.sparseInsert(hi, lo);
  }

  private rho(hi: number, lo: number): number {
    const w = hi << this.precision;
    return w !== 0 ? Math.clz32(w) + 1 : 32 - this.precision + Math.clz32(lo) + 1;
  }

  private sparseInsert(hi: number, lo: number): void {
    let set = this.sparse ?? EMPTY_SPARSE;
    let low = 0;
    let high = this.sparseSize - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const h = set[2 * mid] ?? 0;
      const l = set[2 * mid + 1] ?? 0;
      if (h < hi || (h === hi && l < lo)) low = mid + 1;
      else if (h > hi || l > lo) high = mid - 1;
      else return; // already present
    }
    const size = this.sparseSize;
    if (size >= this.sparseThreshold) {
      this.toDense();
      this.addHash(hi, lo);
      return;
    }
    if (2 * size === set.length) {
      const next = new Uint32Array(Math.min(2 * this.sparseThreshold, Math.max(16, set.length * 2)));
      next.set(set);
      set = next;
      this.sparse = next;
    }
    if (low < size) set.copyWithin(2 * low + 2, 2 * low, 2 * size);
    set[2 * low] = hi;
    set[2 * low + 1] = lo;
    this.sparseSize = size + 1;
    this.cachedEstimate = -1;
  }

  /** Converts the sparse set into dense registers (no-op when already dense). */
  private toDense(): Uint8Array {
    if (this.registers !== null) return this.registers;
    const registers = new Uint8Array(this.m);
    const set = this.sparse ?? EMPTY_SPARSE;
    const shift = 32 - this.precision;
    for (let i = 0; i < this.sparseSize; i++) {
      const hi = set[2 * i] ?? 0;
      const lo = set[2 * i + 1] ?? 0;
      const idx = hi >>> shift;
      const rho = this.rho(hi, lo);
      if (rho > (registers[idx] ?? 0)) registers[idx] = rho;
    }
    this.registers = registers;
    this.sparse = null;
    this.sparseSize = 0;
    this.cachedEstimate = -1;
    return registers;
  }

  /**
   * Merges `other` into this sketch (which is returned): afterwards it estimates the size of the union.
   * @throws Error when the precisions differ.
   */
  merge(other: HyperLogLog): this {
    if (other.precision !== this.precision) {
      throw new Error(
        `HyperLogLog.merge: cannot merge precision ${other.precision} into precision ${this.precision}`,
      );
    }
    if (other === this) return this;
    const otherSparse = other.sparse;
    if (otherSparse !== null) {
      if (this.sparse !== null) this.mergeSparse(otherSparse, other.sparseSize);
      else
        for (let i = 0; i < other.sparseSize; i++)
          this.addHash(otherSparse[2 * i] ?? 0, otherSparse[2 * i + 1] ?? 0);
      return this;
    }
    const src = other.registers;
    if (src === null) return this;
    const dst = this.toDense();
    for (let i = 0; i < this.m; i++) {
      const v = src[i] ?? 0;
      if (v > (dst[i] ?? 0)) dst[i] = v;
    }
    this.cachedEstimate = -1;
    return this;
  }

  /** Union of two sorted sparse sets; converts to dense when the union exceeds the threshold. */
  private mergeSparse(b: Uint32Array, bSize: number): void {
    const a = this.sparse ?? EMPTY_SPARSE;
    const aSize = this.sparseSize;
    const out = new Uint32Array(2 * (aSize + bSize));
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < aSize || j < bSize) {
      let takeA: boolean;
      let takeB: boolean;
      if (i >= aSize) {
        takeA = false;
        takeB = true;
      } else if (j >= bSize) {
        takeA = true;
        takeB = false;
      } else {
        const ah = a[2 * i] ?? 0;
        const al = a[2 * i + 1] ?? 0;
        const bh = b[2 * j] ?? 0;
        const bl = b[2 * j + 1] ?? 0;
        takeA = ah < bh || (ah === bh && al <= bl);
        takeB = bh < ah || (ah === bh && bl <= al);
      }
      if (takeA) {
        out[2 * n] = a[2 * i] ?? 0;
        out[2 * n + 1] = a[2 * i + 1] ?? 0;
      } else {
        out[2 * n] = b[2 * j] ?? 0;
        out[2 * n + 1] = b[2 * j + 1] ?? 0;
      }
      if (takeA) i++;
      if (takeB) j++;
      n++;
    }
    this.sparse = out;
    this.sparseSize = n;
    this.cachedEstimate = -1;
    if (n > this.sparseThreshold) this.toDense();
  }

  /** An independent copy. */
  clone(): HyperLogLog {
    const copy = new HyperLogLog({ precision: this.precision, sparseThreshold: this.sparseThreshold });
    if (this.registers !== null) {
      copy.registers = this.registers.slice();
      copy.sparse = null;
    } else {
      copy.sparse = (this.sparse ?? EMPTY_SPARSE).slice(0, 2 * this.sparseSize);
      copy.sparseSize = this.sparseSize;
    }
    copy.cachedEstimate = this.cachedEstimate;
    return copy;
  }

  /** Estimated number of distinct values added, rounded to an integer (exact in the sparse form). */
  estimate(): number {
    if (this.cachedEstimate >= 0) return this.cachedEstimate;
    const registers = this.registers;
    const e = registers === null ? this.sparseSize : Math.round(this.denseEstimate(registers));
    this.cachedEstimate = e;
    return e;
  }

  private denseEstimate(registers: Uint8Array): number {
    const m = this.m;
    const q = this.q;
    const histogram = new Float64Array(q + 2);
    for (let i = 0; i < m; i++) {
      const r = registers[i] ?? 0;
      histogram[r] = (histogram[r] ?? 0) + 1;
    }
    const empty = histogram[0] ?? 0;
    if (empty > 0) {
      const linear = m * Math.log(m / empty);
      if (linear <= (LINEAR_COUNTING_THRESHOLDS[this.precision - MIN_PRECISION] ?? 0)) return linear;
    }
    let z = m * tau(1 - (histogram[q + 1] ?? 0) / m);
    for (let k = q; k >= 1; k--) z = 0.5 * (z + (histogram[k] ?? 0));
    z += m * sigma(empty / m);
    return (ALPHA_INF * m * m) / z;
  }

  /**
   * Binary form (format version 1): `u8 version=1, u8 'H', u8 precision, varint sparseThreshold, u8 encoding`,
   * then for encoding 0 (sparse) `varint n` and n sorted 64-bit hashes as `u32 hi, u32 lo` (little-endian,
   * 8 bytes each); for 1 (dense, packed) the 2^p 6-bit registers packed little-endian (12288 bytes for
   * p = 14); for 2 (dense, register list) `varint n` and n × `varint indexDelta, u8 value` for the non-zero
   * registers. Dense sketches use whichever of 1 and 2 is smaller.
   */
  serialize(): Uint8Array {
    const registers = this.registers;
    if (registers === null) {
      const w = new ByteWriter(16 + 8 * this.sparseSize);
      this.writeHeader(w, ENCODING_SPARSE);
      w.varint(this.sparseSize);
      const set = this.sparse ?? EMPTY_SPARSE;
      for (let i = 0; i < 2 * this.sparseSize; i++) w.u32(set[i] ?? 0);
      return w.finish();
    }
    let nonZero = 0;
    for (let i = 0; i < this.m; i++) if (registers[i] !== 0) nonZero++;
    const packedBytes = (this.m * 6) / 8;
    // A list entry costs at most 1 byte of value plus a varint delta < m (≤ 3 bytes for p ≤ 18).
    const listBytesUpperBound = 3 + nonZero * (1 + (this.precision <= 14 ? 2 : 3));
    if (listBytesUpperBound < packedBytes) {
      const w = new ByteWriter(16 + listBytesUpperBound);
      this.writeHeader(w, ENCODING_DENSE_LIST);
      w.varint(nonZero);
      let prev = -1;
      for (let i = 0; i < this.m; i++) {
        const v = registers[i] ?? 0;
        if (v === 0) continue;
        w.varint(i - prev - 1);
        w.u8(v);
        prev = i;
      }
      return w.finish();
    }
    const w = new ByteWriter(16 + packedBytes);
    this.writeHeader(w, ENCODING_DENSE_PACKED);
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < this.m; i++) {
      acc |= (registers[i] ?? 0) << bits;
      bits += 6;
      while (bits >= 8) {
        w.u8(acc & 0xff);
        acc >>>= 8;
        bits -= 8;
      }
    }
    return w.finish();
  }

  private writeHeader(w: ByteWriter, encoding: number): void {
    w.u8(HYPERLOGLOG_FORMAT_VERSION);
    w.u8(KIND_HYPERLOGLOG);
    w.u8(this.precision);
    w.varint(this.sparseThreshold);
    w.u8(encoding);
  }

  /**
   * Decodes {@link HyperLogLog.serialize} output (a Uint8Array or Buffer).
   * @throws SketchFormatError when the bytes are not a valid serialised HyperLogLog.
   */
  static deserialize(bytes: Uint8Array): HyperLogLog {
    const r = new ByteReader(bytes, 'HyperLogLog');
    r.header(HYPERLOGLOG_FORMAT_VERSION, KIND_HYPERLOGLOG);
    const precision = r.u8();
    if (precision < MIN_PRECISION || precision > MAX_PRECISION) r.fail(`invalid precision ${precision}`);
    const sparseThreshold = r.varint();
    if (sparseThreshold > MAX_SPARSE_THRESHOLD) r.fail(`invalid sparseThreshold ${sparseThreshold}`);
    const sketch = new HyperLogLog({ precision, sparseThreshold });
    const encoding = r.u8();
    const m = sketch.m;
    const maxRegister = sketch.q + 1;
    if (encoding === ENCODING_SPARSE) {
      const n = r.varint();
      if (n > sparseThreshold) r.fail(`sparse set of ${n} exceeds its threshold ${sparseThreshold}`);
      if (n * 8 !== r.remaining) r.fail(`sparse set of ${n} hashes needs ${n * 8} bytes, got ${r.remaining}`);
      const set = new Uint32Array(2 * n);
      let ph = 0;
      let pl = 0;
      for (let i = 0; i < n; i++) {
        const hi = r.u32();
        const lo = r.u32();
        if (i > 0 && (hi < ph || (hi === ph && lo <= pl))) r.fail('sparse hashes not strictly increasing');
        set[2 * i] = hi;
        set[2 * i + 1] = lo;
        ph = hi;
        pl = lo;
      }
      sketch.registers = null;
      sketch.sparse = set;
      sketch.sparseSize = n;
    } else if (encoding === ENCODING_DENSE_PACKED) {
      const packed = r.bytesView((m * 6) / 8);
      const registers = new Uint8Array(m);
      let acc = 0;
      let bits = 0;
      let byte = 0;
      for (let i = 0; i < m; i++) {
        while (bits < 6) {
          acc |= (packed[byte++] ?? 0) << bits;
          bits += 8;
        }
        const v = acc & 0x3f;
        if (v > maxRegister) r.fail(`register value ${v} exceeds ${maxRegister}`);
        registers[i] = v;
        acc >>>= 6;
        bits -= 6;
      }
      sketch.sparse = null;
      sketch.registers = registers;
    } else if (encoding === ENCODING_DENSE_LIST) {
      const n = r.varint();
      if (n > m) r.fail(`${n} non-zero registers exceed ${m}`);
      const registers = new Uint8Array(m);
      let idx = -1;
      for (let i = 0; i < n; i++) {
        idx += r.varint() + 1;
        if (idx >= m) r.fail('register index out of range');
        const v = r.u8();
        if (v === 0 || v > maxRegister) r.fail(`invalid register value ${v}`);
        registers[idx] = v;
      }
      sketch.sparse = null;
      sketch.registers = registers;
    } else {
      r.fail(`unknown encoding ${encoding}`);
    }
    r.end();
    return sketch;
  }
}
