import { ByteReader, ByteWriter, KIND_DDSKETCH } from './codec';

/**
 * DDSketch: a fully mergeable quantile sketch with relative-error guarantees
 * (Masson, Rim & Lee, "DDSketch: A Fast and Fully-Mergeable Quantile Sketch with Relative-Error
 * Guarantees", VLDB 2019).
 *
 * Values are mapped to bins by the logarithmic index `i = ceil(log_γ |x|)` with `γ = (1 + α) / (1 − α)`; bin
 * `i` covers `(γ^(i−1), γ^i]` and is represented by `2γ^i / (γ + 1)`, which is within relative error α of
 * every value in the bin. Positive values, negative values and zeros are kept apart (zero count, and
 * `|x| < 2.2250738585072014e-308`, the smallest normal double, counts as zero).
 *
 * Bins live in a sparse store: two parallel sorted typed arrays (keys, counts), grown by doubling, so a
 * sketch of a handful of values stays a few hundred bytes and `add` allocates nothing in the steady state.
 * Each store is bounded to `maxBins` occupied bins; when a new bin would exceed the bound, the bins holding
 * the *lowest values* are collapsed into the next one up, as in the paper. Quantiles above the collapsed
 * ones keep the α guarantee; in practice (α = 0.5 %, 2048 bins) this needs values spread over more than
 * 8 orders of magnitude. The negative store keys bins by `−i`, so "lowest keys" are the most negative values
 * in both stores and collapsing never touches the upper quantiles an ops dashboard cares about.
 *
 * Merging adds bin counts and requires both sketches to have the same α. It is exact: merging shard
 * sketches, in any order, gives the same bins as sketching the union directly, collapsed bins included
 * (either way a store keeps the `maxBins` highest keys seen, the lowest of them absorbing everything below).
 *
 * Quantiles are rank-based as in the paper: `quantile(q)` returns the bin value of the item at rank
 * `⌊q·(n − 1)⌋` (0-based) of the sorted input, clamped to the exact `[min, max]`; `quantile(0)` and
 * `quantile(1)` return the exact minimum and maximum.
 */

/** Options of a {@link DDSketch}. */
export interface DDSketchOptions {
  /**
   * Relative accuracy α: every quantile estimate is within `α · |exact|` of the exact value at the same rank.
   * Must be in [1e-6, 0.5].
   * @defaultValue 0.005
   */
  alpha?: number;
  /**
   * Maximum number of occupied bins per store (positive and negative values each); beyond it the bins of
   * the lowest values are collapsed. Must be an integer in [1, 1 000 000].
   * @defaultValue 2048
   */
  maxBins?: number;
}

export const DDSKETCH_FORMAT_VERSION = 1;
const DEFAULT_ALPHA = 0.005;
const DEFAULT_MAX_BINS = 2048;
const MAX_MAX_BINS = 1_000_000;
const MIN_ALPHA = 1e-6;
const MAX_ALPHA = 0.5;
/** Smallest normal double: smaller magnitudes are counted as zero. */
const MIN_INDEXABLE = 2.2250738585072014e-308;

const FLAG_EMPTY = 1;
const FLAG_FLOAT_COUNTS = 2;
const KNOWN_FLAGS = FLAG_EMPTY | FLAG_FLOAT_COUNTS;

const EMPTY_KEYS = new Int32Array(0);
const EMPTY_COUNTS = new Float64Array(0);
const INITIAL_STORE_CAPACITY = 8;

/** Sparse sorted bin store with a bound on the number of occupied bins (collapses the lowest keys). */
class BinStore {
  keys: Int32Array = EMPTY_KEYS;
  counts: Float64Array = EMPTY_COUNTS;
  size = 0;

  constructor(public maxBins: number) {}

  total(): number {
    let t = 0;
    for (let i = 0; i < this.size; i++) t += this.counts[i] ?? 0;
    return t;
  }

  add(key: number, count: number): void {
    const keys = this.keys;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid] ?? 0;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else {
        this.counts[mid] = (this.counts[mid] ?? 0) + count;
        return;
      }
    }
    this.insertAt(lo, key, count);
  }

  /** Inserts a new bin at sorted position `pos`, collapsing the lowest bin if the store is full. */
  private insertAt(pos: number, key: number, count: number): void {
    const size = this.size;
    if (size < this.maxBins) {
      if (size === this.keys.length) this.grow();
      const keys = this.keys;
      const counts = this.counts;
      if (pos < size) {
        keys.copyWithin(pos + 1, pos, size);
        counts.copyWithin(pos + 1, pos, size);
      }
      keys[pos] = key;
      counts[pos] = count;
      this.size = size + 1;
      return;
    }
    const keys = this.keys;
    const counts = this.counts;
    if (pos === 0) {
      // Below every bin of a full store: it belongs to the collapsed lowest bin.
      counts[0] = (counts[0] ?? 0) + count;
    } else if (pos === 1) {
      // The new bin is the second lowest: it absorbs the lowest.
      keys[0] = key;
      counts[0] = (counts[0] ?? 0) + count;
    } else {
      counts[1] = (counts[1] ?? 0) + (counts[0] ?? 0);
      keys.copyWithin(0, 1, pos);
      counts.copyWithin(0, 1, pos);
      keys[pos - 1] = key;
      counts[pos - 1] = count;
    }
  }

  private grow(): void {
    this.reserve(this.keys.length + 1);
  }

  /** Ensures room for `needed` bins (capacity doubles, capped at maxBins). */
  private reserve(needed: number): void {
    const cap = Math.min(this.maxBins, Math.max(INITIAL_STORE_CAPACITY, needed, this.keys.length * 2));
    const keys = new Int32Array(cap);
    const counts = new Float64Array(cap);
    keys.set(this.keys.subarray(0, this.size));
    counts.set(this.counts.subarray(0, this.size));
    this.keys = keys;
    this.counts = counts;
  }

  /** Replaces the content with already sorted, unique bins, then enforces the bin bound. */
  setBins(keys: Int32Array, counts: Float64Array, size: number): void {
    let start = 0;
    if (size > this.maxBins) {
      start = size - this.maxBins;
      let collapsed = 0;
      for (let i = 0; i <= start; i++) collapsed += counts[i] ?? 0;
      counts[start] = collapsed;
    }
    const n = size - start;
    const cap = n === 0 ? 0 : Math.min(this.maxBins, Math.max(INITIAL_STORE_CAPACITY, n));
    this.keys = cap === 0 ? EMPTY_KEYS : new Int32Array(cap);
    this.counts = cap === 0 ? EMPTY_COUNTS : new Float64Array(cap);
    this.keys.set(keys.subarray(start, size));
    this.counts.set(counts.subarray(start, size));
    this.size = n;
  }

  merge(other: BinStore): void {
    const m = other.size;
    if (m === 0) return;
    const n = this.size;
    const keys = this.keys;
    const oKeys = other.keys;
    const oCounts = other.counts;
    // Number of keys of `other` missing here.
    let added = 0;
    for (let i = 0, j = 0; j < m;) {
      const a = i < n ? (keys[i] ?? 0) : Infinity;
      const b = oKeys[j] ?? 0;
      if (a < b) i++;
      else {
        if (a > b) added++;
        else i++;
        j++;
      }
    }
    const size = n + added;
    if (size > this.maxBins) {
      this.mergeAndCollapse(other, size);
      return;
    }
    if (size > this.keys.length) this.reserve(size);
    // In-place merge from the end: no temporary arrays, and a pure count update when no key is new.
    const k = this.keys;
    const c = this.counts;
    let i = n - 1;
    let j = m - 1;
    let out = size - 1;
    while (j >= 0) {
      const a = i >= 0 ? (k[i] ?? 0) : -Infinity;
      const b = oKeys[j] ?? 0;
      if (a > b) {
        k[out] = a;
        c[out] = c[i--] ?? 0;
      } else if (a === b) {
        k[out] = a;
        c[out] = (c[i--] ?? 0) + (oCounts[j--] ?? 0);
      } else {
        k[out] = b;
        c[out] = oCounts[j--] ?? 0;
      }
      out--;
    }
    this.size = size;
  }

  /** Merge whose result exceeds the bin bound: build the full union, then collapse the lowest bins. */
  private mergeAndCollapse(other: BinStore, size: number): void {
    const keys = new Int32Array(size);
    const counts = new Float64Array(size);
    let i = 0;
    let j = 0;
    let out = 0;
    while (i < this.size || j < other.size) {
      const a = i < this.size ? (this.keys[i] ?? 0) : Infinity;
      const b = j < other.size ? (other.keys[j] ?? 0) : Infinity;
      if (a < b) {
        keys[out] = a;
        counts[out++] = this.counts[i++] ?? 0;
      } else if (b < a) {
        keys[out] = b;
        counts[out++] = other.counts[j++] ?? 0;
      } else {
        keys[out] = a;
        counts[out++] = (this.counts[i++] ?? 0) + (other.counts[j++] ?? 0);
      }
    }
    this.setBins(keys, counts, out);
  }

  copyFrom(other: BinStore): void {
    this.setBins(other.keys, other.counts, other.size);
  }
}

function checkAlpha(alpha: number): void {
  if (!(alpha >= MIN_ALPHA && alpha <= MAX_ALPHA)) {
    throw new RangeError(`DDSketch: alpha must be in [${MIN_ALPHA}, ${MAX_ALPHA}], got ${alpha}`);
  }
}

function checkMaxBins(maxBins: number): void {
  if (!(Number.isInteger(maxBins) && maxBins >= 1 && maxBins <= MAX_MAX_BINS)) {
    throw new RangeError(`DDSketch: maxBins must be an integer in [1, ${MAX_MAX_BINS}], got ${maxBins}`);
  }
}

export class DDSketch {
  /** Relative accuracy α. */
  readonly alpha: number;
  /** Bound on occupied bins per store. */
  readonly maxBins: number;
  /** γ = (1 + α) / (1 − α). */
  readonly gamma: number;
  private readonly lnGamma: number;
  private readonly multiplier: number;
  private readonly valueFactor: number;
  private readonly positive: BinStore;
  private readonly negative: BinStore;
  private zeroCount = 0;
  private total = 0;
  private sumValue = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(options: DDSketchOptions = {}) {
    const alpha = options.alpha ?? DEFAULT_ALPHA;
    const maxBins = options.maxBins ?? DEFAULT_MAX_BINS;
    checkAlpha(alpha);
    checkMaxBins(maxBins);
    this.alpha = alpha;
    this.maxBins = maxBins;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.lnGamma = Math.log(this.gamma);
    this.multiplier = 1 / this.lnGamma;
    this.valueFactor = 2 / (1 + this.gamma);
    this.positive = new BinStore(maxBins);
    this.negative = new BinStore(maxBins);
  }

  /** A sketch of `values` (any iterable of finite numbers). */
  static fromValues(values: Iterable<number>, alpha?: number): DDSketch {
    const sketch = new DDSketch({ alpha });
    for (const v of values) sketch.add(v);
    return sketch;
  }

  /**
   * Adds `value` with weight `count` (a positive finite number, 1 by default; 0 is a no-op).
   * @throws RangeError for a non-finite value or a negative or non-finite count.
   */
  add(value: number, count = 1): void {
    if (value - value !== 0) throw new RangeError(`DDSketch.add: value must be finite, got ${value}`);
    if (!(count > 0 && count < Infinity)) {
      if (count === 0) return;
      throw new RangeError(`DDSketch.add: count must be a positive finite number, got ${count}`);
    }
    if (value > MIN_INDEXABLE) this.positive.add(Math.ceil(Math.log(value) * this.multiplier), count);
    else if (value < -MIN_INDEXABLE) this.negative.add(-Math.ceil(Math.log(-value) * this.multiplier), count);
    else this.zeroCount += count;
    this.total += count;
    this.sumValue += value * count;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
  }

  /**
   * Merges `other` into this sketch (which is returned). The result estimates the quantiles of the union of
   * both inputs with the same α guarantee. Both sketches must have the same α; the bin bound of `this` applies.
   */
  merge(other: DDSketch): this {
    if (other.gamma !== this.gamma) {
      throw new Error(
        `DDSketch.merge: cannot merge sketches with different alpha (${this.alpha} vs ${other.alpha})`,
      );
    }
    if (other.total === 0) return this;
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
    this.zeroCount += other.zeroCount;
    this.total += other.total;
    this.sumValue += other.sumValue;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
    return this;
  }

  /** An independent copy. */
  clone(): DDSketch {
    const copy = new DDSketch({ alpha: this.alpha, maxBins: this.maxBins });
    copy.positive.copyFrom(this.positive);
    copy.negative.copyFrom(this.negative);
    copy.zeroCount = this.zeroCount;
    copy.total = this.total;
    copy.sumValue = this.sumValue;
    copy.minValue = this.minValue;
    copy.maxValue = this.maxValue;
    return copy;
  }

  /** Total weight of the values added (the number of values when every count is 1). */
  get count(): number {
    return this.total;
  }

  /** Weighted sum of the values added (a plain floating-point accumulation). */
  get sum(): number {
    return this.sumValue;
  }

  /** Exact minimum, or null when empty. */
  get min(): number | null {
    return this.total > 0 ? this.minValue : null;
  }

  /** Exact maximum, or null when empty. */
  get max(): number | null {
    return this.total > 0 ? this.maxValue : null;
  }

  /** Number of occupied bins (positive and negative stores; the zero count is not a bin). */
  get binCount(): number {
    return this.positive.size + this.negative.size;
  }

  /** Representative value of positive-store key `key`: within α of every value of the bin. */
  private binValue(key: number): number {
    return Math.exp(key * this.lnGamma) * this.valueFactor;
  }

  /**
   * Estimate of the q-quantile (q in [0, 1]): the value of rank ⌊q·(n − 1)⌋ within relative error α.
   * Returns null when the sketch is empty.
   * @throws RangeError when q is outside [0, 1].
   */
  quantile(q: number): number | null {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`DDSketch.quantile: q must be in [0, 1], got ${q}`);
    if (this.total === 0) return null;
    if (q === 0) return this.minValue;
    if (q === 1) return this.maxValue;
    const estimate = this.valueAtRank(q * (this.total - 1));
    return Math.min(this.maxValue, Math.max(this.minValue, estimate));
  }

  /** Bin value of the first bin whose cumulative count exceeds `rank` (bins in increasing value order). */
  private valueAtRank(rank: number): number {
    let seen = 0;
    const neg = this.negative;
    for (let i = 0; i < neg.size; i++) {
      seen += neg.counts[i] ?? 0;
      if (seen > rank) return -this.binValue(-(neg.keys[i] ?? 0));
    }
    seen += this.zeroCount;
    if (seen > rank) return 0;
    const pos = this.positive;
    for (let i = 0; i < pos.size; i++) {
      seen += pos.counts[i] ?? 0;
      if (seen > rank) return this.binValue(pos.keys[i] ?? 0);
    }
    // Only reachable through floating-point rounding of fractional counts.
    return this.maxValue;
  }

  /**
   * Binary form (format version 1, little-endian):
   * `u8 version=1, u8 'D', f64 alpha, varint maxBins, u8 flags` then, unless the EMPTY flag is set,
   * `f64 sum, f64 min, f64 max, count zeroCount`, then the negative and the positive store, each
   * `varint nBins, zigzag firstKey, varint keyDelta × (nBins − 1), count × nBins`. A count is a varint, or an
   * f64 when the FLOAT_COUNTS flag is set (non-integer weights). Roughly 2–4 bytes per occupied bin.
   */
  serialize(): Uint8Array {
    const w = new ByteWriter(32 + 4 * this.binCount);
    w.u8(DDSKETCH_FORMAT_VERSION);
    w.u8(KIND_DDSKETCH);
    w.f64(this.alpha);
    w.varint(this.maxBins);
    if (this.total === 0) {
      w.u8(FLAG_EMPTY);
      return w.finish();
    }
    const floatCounts =
      !isSafeCount(this.zeroCount) ||
      !storeHasSafeCounts(this.negative) ||
      !storeHasSafeCounts(this.positive);
    w.u8(floatCounts ? FLAG_FLOAT_COUNTS : 0);
    w.f64(this.sumValue);
    w.f64(this.minValue);
    w.f64(this.maxValue);
    writeCount(w, this.zeroCount, floatCounts);
    writeStore(w, this.negative, floatCounts);
    writeStore(w, this.positive, floatCounts);
    return w.finish();
  }

  /**
   * Decodes {@link DDSketch.serialize} output (a Uint8Array or Buffer).
   * @throws SketchFormatError when the bytes are not a valid serialised DDSketch.
   */
  static deserialize(bytes: Uint8Array): DDSketch {
    const r = new ByteReader(bytes, 'DDSketch');
    r.header(DDSKETCH_FORMAT_VERSION, KIND_DDSKETCH);
    const alpha = r.f64();
    if (!(alpha >= MIN_ALPHA && alpha <= MAX_ALPHA)) r.fail(`invalid alpha ${alpha}`);
    const maxBins = r.varint();
    if (maxBins < 1 || maxBins > MAX_MAX_BINS) r.fail(`invalid maxBins ${maxBins}`);
    const sketch = new DDSketch({ alpha, maxBins });
    const flags = r.u8();
    if ((flags & ~KNOWN_FLAGS) !== 0) r.fail(`unknown flags 0x${flags.toString(16)}`);
    if ((flags & FLAG_EMPTY) !== 0) {
      if (flags !== FLAG_EMPTY) r.fail('empty sketch with extra flags');
      r.end();
      return sketch;
    }
    const floatCounts = (flags & FLAG_FLOAT_COUNTS) !== 0;
    const sum = r.f64();
    const min = r.f64();
    const max = r.f64();
    // `sum` is a plain float accumulation (it may legitimately have overflowed to ±Infinity or NaN).
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) r.fail(`invalid min/max ${min}/${max}`);
    const zeroCount = readCount(r, floatCounts, true);
    // Keys of the positive store are ceil(log_γ x) for normal doubles x; the negative store holds −key.
    const lnGamma = Math.log(sketch.gamma);
    const maxKey = Math.ceil(Math.log(Number.MAX_VALUE) / lnGamma) + 1;
    const minKey = Math.ceil(Math.log(MIN_INDEXABLE) / lnGamma) - 1;
    readStore(r, sketch.negative, floatCounts, -maxKey, -minKey);
    readStore(r, sketch.positive, floatCounts, minKey, maxKey);
    r.end();
    const total = zeroCount + sketch.negative.total() + sketch.positive.total();
    if (!(total > 0 && total < Infinity)) r.fail('non-empty sketch without any count');
    if (sketch.negative.size > 0 && !(min < 0)) r.fail('negative bins but min >= 0');
    if (sketch.positive.size > 0 && !(max > 0)) r.fail('positive bins but max <= 0');
    sketch.zeroCount = zeroCount;
    sketch.total = total;
    sketch.sumValue = sum;
    sketch.minValue = min;
    sketch.maxValue = max;
    return sketch;
  }
}

function isSafeCount(c: number): boolean {
  return Number.isSafeInteger(c);
}

function storeHasSafeCounts(store: BinStore): boolean {
  for (let i = 0; i < store.size; i++) if (!Number.isSafeInteger(store.counts[i])) return false;
  return true;
}

function writeCount(w: ByteWriter, c: number, float: boolean): void {
  if (float) w.f64(c);
  else w.varint(c);
}

function readCount(r: ByteReader, float: boolean, allowZero: boolean): number {
  const c = float ? r.f64() : r.varint();
  if (!(c >= 0 && c < Infinity) || (!allowZero && c === 0)) r.fail(`invalid count ${c}`);
  return c;
}

function writeStore(w: ByteWriter, store: BinStore, floatCounts: boolean): void {
  w.varint(store.size);
  if (store.size === 0) return;
  let prev = store.keys[0] ?? 0;
  w.zigzag32(prev);
  for (let i = 1; i < store.size; i++) {
    const k = store.keys[i] ?? 0;
    w.varint(k - prev);
    prev = k;
  }
  for (let i = 0; i < store.size; i++) writeCount(w, store.counts[i] ?? 0, floatCounts);
}

function readStore(
  r: ByteReader,
  store: BinStore,
  floatCounts: boolean,
  minKey: number,
  maxKey: number,
): void {
  const n = r.varint();
  if (n === 0) return;
  // Each bin takes at least two bytes (key delta and count): reject absurd sizes before allocating.
  if (n > store.maxBins) r.fail(`${n} bins exceed maxBins ${store.maxBins}`);
  if (n * 2 > r.remaining) r.fail('truncated input');
  const keys = new Int32Array(n);
  const counts = new Float64Array(n);
  let k = r.zigzag32();
  if (k < minKey || k > maxKey) r.fail(`bin key ${k} out of range`);
  keys[0] = k;
  for (let i = 1; i < n; i++) {
    const delta = r.varint();
    if (delta === 0) r.fail('bin keys not strictly increasing');
    k += delta;
    if (k > maxKey) r.fail(`bin key ${k} out of range`);
    keys[i] = k;
  }
  for (let i = 0; i < n; i++) counts[i] = readCount(r, floatCounts, false);
  store.setBins(keys, counts, n);
}
