import { ByteReader, ByteWriter, KIND_TOPK } from './codec';

/**
 * Mergeable heavy hitters: the Misra–Gries summary in the form of Agarwal, Cormode, Huang, Phillips, Wei &
 * Yi, "Mergeable Summaries" (PODS 2012 / TODS 2013).
 *
 * The summary keeps at most `k` counters (after compaction). Every counter is a lower bound of its item's
 * true weight, and the true weight exceeds it by at most the summary's `error`:
 *
 *     count ≤ true count ≤ count + error,   error ≤ (total − Σ counters) / (k + 1) ≤ total / (k + 1)
 *
 * and any item missing from the summary has true count ≤ error. So every item heavier than
 * `total / (k + 1)` is reported, and counts underestimate by at most `total / (k + 1)`.
 *
 * Compaction (the paper's merge step, also used to bound memory on the hot path): subtract the (k+1)-th
 * largest counter from every counter and drop the non-positive ones; the subtracted amount is added to
 * `error`. Because each compaction removes at least `(k + 1) ×` the subtracted amount from Σ counters, the
 * bound above holds after any sequence of adds and merges. `add` only touches a Map entry; compaction runs
 * when the map reaches `2k` entries, so it costs O(1) amortised per new item. Merge adds the counters and
 * the errors, then compacts.
 *
 * Reading results (`top`, `serialize`, `size`) compacts first, so every read sees at most `k` counters and a
 * round trip through `serialize` is lossless.
 */

/** Options of a {@link TopK}. */
export interface TopKOptions {
  /**
   * Number of counters k kept by the summary. Counts underestimate by at most `total / (k + 1)`.
   * Integer in [1, 65536].
   * @defaultValue 64
   */
  capacity?: number;
}

/** One reported heavy hitter: the true count lies in `[count, count + error]`. */
export interface TopKEntry {
  item: string;
  count: number;
  error: number;
}

export const TOPK_FORMAT_VERSION = 1;
const DEFAULT_CAPACITY = 64;
const MAX_CAPACITY = 65536;
/** Longest item accepted by `deserialize` (bytes of UTF-8). */
const MAX_ITEM_BYTES = 1 << 20;
const FLAG_FLOAT_COUNTS = 1;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function checkCapacity(k: number): void {
  if (!(Number.isInteger(k) && k >= 1 && k <= MAX_CAPACITY)) {
    throw new RangeError(`TopK: capacity must be an integer in [1, ${MAX_CAPACITY}], got ${k}`);
  }
}

function compareEntries(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

export class TopK {
  /** Number of counters k. */
  readonly capacity: number;
  private readonly counters = new Map<string, number>();
  private totalWeight = 0;
  private errorBound = 0;

  constructor(options: TopKOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    checkCapacity(capacity);
    this.capacity = capacity;
  }

  /**
   * Adds `count` occurrences (a positive finite weight, 1 by default; 0 is a no-op) of `item`.
   * @throws RangeError for a negative or non-finite count.
   */
  add(item: string, count = 1): void {
    if (!(count > 0 && count < Infinity)) {
      if (count === 0) return;
      throw new RangeError(`TopK.add: count must be a positive finite number, got ${count}`);
    }
    this.totalWeight += count;
    const counters = this.counters;
    const current = counters.get(item);
    if (current !== undefined) {
      counters.set(item, current + count);
      return;
    }
    counters.set(item, count);
    if (counters.size >= 2 * this.capacity) this.compact();
  }

  /** Total weight added (including what the summary no longer attributes to an item). */
  get total(): number {
    return this.totalWeight;
  }

  /** Upper bound of how much any count underestimates (and of the count of any item not reported). */
  get error(): number {
    return this.errorBound;
  }

  /** Number of counters held (≤ k). */
  get size(): number {
    this.compact();
    return this.counters.size;
  }

  /** Reduces the summary to at most k counters (no-op when it already holds at most k). */
  private compact(): void {
    const counters = this.counters;
    const k = this.capacity;
    if (counters.size <= k) return;
    const values = new Float64Array(counters.size);
    let i = 0;
    for (const v of counters.values()) values[i++] = v;
    values.sort();
    // The (k+1)-th largest counter.
    const cut = values[values.length - k - 1] ?? 0;
    for (const [item, v] of counters) {
      const rest = v - cut;
      if (rest > 0) counters.set(item, rest);
      else counters.delete(item);
    }
    this.errorBound += cut;
  }

  /**
   * Merges `other` into this summary (which is returned): counters and errors add up, then the result is
   * compacted. The error bound of the result is at most `total / (k + 1)` of the combined total.
   * @throws Error when the capacities differ.
   */
  merge(other: TopK): this {
    if (other.capacity !== this.capacity) {
      throw new Error(`TopK.merge: cannot merge capacity ${other.capacity} into capacity ${this.capacity}`);
    }
    const entries = other === this ? [...other.counters] : other.counters;
    for (const [item, v] of entries) this.counters.set(item, (this.counters.get(item) ?? 0) + v);
    this.totalWeight += other.totalWeight;
    this.errorBound += other.errorBound;
    this.compact();
    return this;
  }

  /** An independent copy. */
  clone(): TopK {
    const copy = new TopK({ capacity: this.capacity });
    for (const [item, v] of this.counters) copy.counters.set(item, v);
    copy.totalWeight = this.totalWeight;
    copy.errorBound = this.errorBound;
    return copy;
  }

  /**
   * The `n` items with the largest counters (all of them, at most k, by default), by decreasing count then
   * item. Each true count lies in `[count, count + error]`.
   */
  top(n: number = this.capacity): TopKEntry[] {
    this.compact();
    const entries = [...this.counters].sort(compareEntries);
    const error = this.errorBound;
    return entries.slice(0, Math.max(0, n)).map(([item, count]) => ({ item, count, error }));
  }

  /**
   * Binary form (format version 1): `u8 version=1, u8 'T', varint capacity, u8 flags, count total,
   * count error, varint n`, then n × `varint utf8Length, utf8 bytes, count`, sorted by decreasing count. A
   * count is a varint, or an f64 (little-endian) when the FLOAT_COUNTS flag is set (non-integer weights).
   */
  serialize(): Uint8Array {
    this.compact();
    const entries = [...this.counters].sort(compareEntries);
    let float = !Number.isSafeInteger(this.totalWeight) || !Number.isSafeInteger(this.errorBound);
    for (const [, v] of entries) if (!Number.isSafeInteger(v)) float = true;
    const w = new ByteWriter(32 + entries.length * 16);
    w.u8(TOPK_FORMAT_VERSION);
    w.u8(KIND_TOPK);
    w.varint(this.capacity);
    w.u8(float ? FLAG_FLOAT_COUNTS : 0);
    const count = (c: number): void => (float ? w.f64(c) : w.varint(c));
    count(this.totalWeight);
    count(this.errorBound);
    w.varint(entries.length);
    for (const [item, v] of entries) {
      const bytes = utf8Encoder.encode(item);
      w.varint(bytes.length);
      w.bytes(bytes);
      count(v);
    }
    return w.finish();
  }

  /**
   * Decodes {@link TopK.serialize} output (a Uint8Array or Buffer).
   * @throws SketchFormatError when the bytes are not a valid serialised TopK.
   */
  static deserialize(bytes: Uint8Array): TopK {
    const r = new ByteReader(bytes, 'TopK');
    r.header(TOPK_FORMAT_VERSION, KIND_TOPK);
    const capacity = r.varint();
    if (capacity < 1 || capacity > MAX_CAPACITY) r.fail(`invalid capacity ${capacity}`);
    const flags = r.u8();
    if ((flags & ~FLAG_FLOAT_COUNTS) !== 0) r.fail(`unknown flags 0x${flags.toString(16)}`);
    const float = flags === FLAG_FLOAT_COUNTS;
    const readCount = (allowZero: boolean): number => {
      const c = float ? r.f64() : r.varint();
      if (!(c >= 0 && c < Infinity) || (!allowZero && c === 0)) r.fail(`invalid count ${c}`);
      return c;
    };
    const sketch = new TopK({ capacity });
    const total = readCount(true);
    const error = readCount(true);
    const n = r.varint();
    if (n > capacity) r.fail(`${n} counters exceed capacity ${capacity}`);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const length = r.varint();
      if (length > MAX_ITEM_BYTES) r.fail(`item of ${length} bytes is too long`);
      let item: string;
      try {
        item = utf8Decoder.decode(r.bytesView(length));
      } catch (e) {
        if (e instanceof TypeError) r.fail('item is not valid UTF-8');
        throw e;
      }
      if (sketch.counters.has(item)) r.fail(`duplicate item ${JSON.stringify(item)}`);
      const c = readCount(false);
      sketch.counters.set(item, c);
      sum += c;
    }
    r.end();
    // Σ counters + (k + 1)·error ≤ total (with slack for float rounding of fractional weights).
    if (sum + (capacity + 1) * error > total * (1 + 1e-9) + 1e-9) r.fail('counters inconsistent with total');
    sketch.totalWeight = total;
    sketch.errorBound = error;
    return sketch;
  }
}
