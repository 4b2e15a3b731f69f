import { describe, expect, it } from 'vitest';
import { DDSketch, HyperLogLog, SketchFormatError } from '@/lib/sketches';
import { exactQuantile, lognormal, relativeError, seededRandom } from '@/test/helpers/sketches';

const ALPHA = 0.005;
/** Floating-point slack on top of α (log/exp rounding at bin boundaries). */
const EPS = 1e-9;
const QS = [0.5, 0.9, 0.95, 0.99];

function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

function expectAccurate(sketch: DDSketch, sorted: Float64Array, qs: number[], alpha = ALPHA): void {
  for (const q of qs) {
    const exact = exactQuantile(sorted, q);
    const estimate = sketch.quantile(q);
    expect(estimate, `q=${q}`).not.toBeNull();
    const err = relativeError(estimate ?? NaN, exact);
    expect(err, `q=${q}: exact ${exact}, estimate ${estimate}`).toBeLessThanOrEqual(Math.max(0.01, alpha));
    expect(err, `q=${q}: exact ${exact}, estimate ${estimate}`).toBeLessThanOrEqual(alpha + EPS);
  }
}

describe('DDSketch accuracy', () => {
  it('lognormal latencies (100k): p50/p90/p95/p99 within α of the exact quantiles', () => {
    const values = lognormal(100_000, 1);
    const sketch = DDSketch.fromValues(values);
    const sorted = sortedCopy(values);
    expectAccurate(sketch, sorted, [...QS, 0.001, 0.01, 0.25, 0.75, 0.999]);
    expect(sketch.count).toBe(100_000);
    expect(sketch.min).toBe(sorted[0]);
    expect(sketch.max).toBe(sorted[sorted.length - 1]);
    expect(sketch.quantile(0)).toBe(sorted[0]);
    expect(sketch.quantile(1)).toBe(sorted[sorted.length - 1]);
    const exactSum = values.reduce((a, b) => a + b, 0);
    expect(Math.abs(sketch.sum - exactSum) / exactSum).toBeLessThan(1e-12);
  });

  it('uniform values: every percentile within α', () => {
    const random = seededRandom(2);
    const values = Array.from({ length: 100_000 }, () => 1 + 999 * random());
    const sketch = DDSketch.fromValues(values);
    const qs = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
    expectAccurate(sketch, sortedCopy(values), qs);
  });

  it('negatives and zeros: quantiles within α, exact zero where the rank falls on a zero', () => {
    const random = seededRandom(3);
    const magnitudes = lognormal(60_000, 4, 1, 2);
    const values: number[] = [];
    for (let i = 0; i < 60_000; i++) {
      const r = random();
      values.push(r < 0.25 ? 0 : r < 0.55 ? -(magnitudes[i] ?? 0) : (magnitudes[i] ?? 0));
    }
    const sketch = DDSketch.fromValues(values);
    const sorted = sortedCopy(values);
    const qs = [0.001, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999];
    expectAccurate(sketch, sorted, qs);
    expect(sketch.quantile(0.4)).toBe(0);
    expect(exactQuantile(sorted, 0.4)).toBe(0);
    expect(sketch.min).toBe(sorted[0]);
    expect(sketch.max).toBe(sorted[sorted.length - 1]);
  });

  it('tiny inputs: one value, equal values, weighted values', () => {
    const one = DDSketch.fromValues([42]);
    for (const q of [0, 0.5, 0.99, 1]) expect(one.quantile(q)).toBe(42);
    const same = DDSketch.fromValues([7, 7, 7, 7]);
    expect(same.quantile(0.5)).toBe(7);
    const weighted = new DDSketch();
    weighted.add(10, 99);
    weighted.add(1000, 1);
    expect(weighted.count).toBe(100);
    expect(weighted.sum).toBe(1990);
    expect(relativeError(weighted.quantile(0.5) ?? NaN, 10)).toBeLessThanOrEqual(ALPHA + EPS);
    expect(relativeError(weighted.quantile(0.99) ?? NaN, 10)).toBeLessThanOrEqual(ALPHA + EPS);
    expect(weighted.quantile(1)).toBe(1000);
  });

  it('honours a custom α', () => {
    const values = lognormal(50_000, 5);
    const coarse = DDSketch.fromValues(values, 0.02);
    expect(coarse.alpha).toBe(0.02);
    expectAccurate(coarse, sortedCopy(values), QS, 0.02);
    expect(coarse.binCount).toBeLessThan(DDSketch.fromValues(values).binCount / 3);
  });

  it('empty sketch and invalid input', () => {
    const empty = new DDSketch();
    expect(empty.quantile(0.5)).toBeNull();
    expect(empty.count).toBe(0);
    expect(empty.min).toBeNull();
    expect(empty.max).toBeNull();
    expect(() => empty.add(Number.NaN)).toThrow(RangeError);
    expect(() => empty.add(Infinity)).toThrow(RangeError);
    expect(() => empty.add(1, -1)).toThrow(RangeError);
    empty.add(1, 0);
    expect(empty.count).toBe(0);
    expect(() => empty.quantile(1.5)).toThrow(RangeError);
    expect(() => new DDSketch({ alpha: 0 })).toThrow(RangeError);
    expect(() => new DDSketch({ maxBins: 0 })).toThrow(RangeError);
    expect(() => new DDSketch().merge(new DDSketch({ alpha: 0.01 }))).toThrow(/different alpha/);
  });
});

describe('DDSketch merge', () => {
  it('16 shard sketches merge into the sketch of the whole', () => {
    const values = lognormal(100_000, 6);
    const whole = DDSketch.fromValues(values);
    const random = seededRandom(7);
    const shards = Array.from({ length: 16 }, () => new DDSketch());
    for (const v of values) shards[Math.floor(random() * 16)]?.add(v);
    const merged = new DDSketch();
    for (const shard of shards) merged.merge(shard);
    const qs = [0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
    for (const q of qs) expect(merged.quantile(q), `q=${q}`).toBe(whole.quantile(q));
    expect(merged.count).toBe(whole.count);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    expect(merged.binCount).toBe(whole.binCount);
    expectAccurate(merged, sortedCopy(values), QS);
  });

  it('merges shards with disjoint ranges, signs and zeros, in any order', () => {
    const random = seededRandom(8);
    const values = Array.from({ length: 32_000 }, (_, i) =>
      i % 5 === 0 ? 0 : (random() - 0.3) * 10 ** (i % 7),
    );
    const sorted = sortedCopy(values);
    // Shard i gets the i-th contiguous slice of the sorted values.
    const shards = Array.from({ length: 16 }, (_, i) =>
      DDSketch.fromValues(sorted.subarray(i * 2000, (i + 1) * 2000)),
    );
    const forward = new DDSketch();
    for (const s of shards) forward.merge(s);
    const backward = new DDSketch();
    for (const s of [...shards].reverse()) backward.merge(s);
    const whole = DDSketch.fromValues(values);
    for (const q of [0.01, 0.2, 0.5, 0.8, 0.95, 0.99]) {
      expect(forward.quantile(q)).toBe(whole.quantile(q));
      expect(backward.quantile(q)).toBe(whole.quantile(q));
    }
    expectAccurate(forward, sorted, [0.01, 0.2, 0.5, 0.8, 0.95, 0.99]);
  });

  it('merge equals the sketch of the union for random small inputs (bounded and unbounded)', () => {
    const random = seededRandom(13);
    for (let trial = 0; trial < 300; trial++) {
      const maxBins = trial % 2 === 0 ? 2048 : 8;
      const gen = (): number[] =>
        Array.from({ length: Math.floor(random() * 40) }, () =>
          random() < 0.1 ? 0 : (random() - 0.2) * 10 ** (random() * 6),
        );
      const xs = gen();
      const ys = gen();
      const a = new DDSketch({ maxBins });
      for (const x of xs) a.add(x);
      const b = new DDSketch({ maxBins });
      for (const y of ys) b.add(y);
      const union = new DDSketch({ maxBins });
      for (const v of [...xs, ...ys]) union.add(v);
      a.merge(b);
      expect(a.count).toBe(union.count);
      expect(a.binCount).toBe(union.binCount);
      for (let q = 0; q <= 1; q += 0.05) expect(a.quantile(q)).toBe(union.quantile(q));
    }
  });

  it('merging an empty sketch is a no-op, and merge does not modify its argument', () => {
    const a = DDSketch.fromValues([1, 2, 3]);
    const b = DDSketch.fromValues([10, 20]);
    const before = b.serialize();
    a.merge(new DDSketch()).merge(b);
    expect(a.count).toBe(5);
    expect(b.serialize()).toEqual(before);
    const fresh = new DDSketch().merge(a);
    expect(fresh.quantile(0.5)).toBe(a.quantile(0.5));
    const clone = a.clone();
    clone.add(1000);
    expect(a.count).toBe(5);
    expect(clone.count).toBe(6);
    clone.merge(clone);
    expect(clone.count).toBe(12);
    expect(clone.quantile(0.5)).toBe(
      a
        .clone()
        .merge(DDSketch.fromValues([1000]))
        .quantile(0.5),
    );
  });
});

describe('DDSketch bin bound', () => {
  it('holds the default 2048 bins over 1e-9..1e9 and keeps the upper quantiles accurate', () => {
    const random = seededRandom(9);
    const values = Array.from({ length: 200_000 }, () => 10 ** (-9 + 18 * random()));
    const sketch = DDSketch.fromValues(values);
    expect(sketch.binCount).toBe(2048);
    // Without the bound this range needs ~4150 bins: the lowest ones were collapsed, upper ones are intact.
    expectAccurate(sketch, sortedCopy(values), [0.6, 0.75, 0.9, 0.95, 0.99]);
    const negative = DDSketch.fromValues(values.map((v) => -v));
    expect(negative.binCount).toBe(2048);
    const both = sketch.clone().merge(negative);
    expect(both.binCount).toBe(4096);
    expect(both.count).toBe(400_000);
    const halves = DDSketch.fromValues(values.slice(0, 100_000)).merge(
      DDSketch.fromValues(values.slice(100_000)),
    );
    expect(halves.binCount).toBe(2048);
    expectAccurate(halves, sortedCopy(values), [0.75, 0.95, 0.99]);
  });

  it('collapses the lowest bins of a small bound, on add and on merge', () => {
    const sketch = new DDSketch({ maxBins: 16 });
    for (let i = 0; i < 1000; i++) sketch.add(1.02 ** i);
    expect(sketch.binCount).toBe(16);
    expect(sketch.count).toBe(1000);
    expect(relativeError(sketch.quantile(0.999) ?? NaN, 1.02 ** 998)).toBeLessThanOrEqual(ALPHA + EPS);
    const merged = new DDSketch({ maxBins: 16 }).merge(DDSketch.fromValues([1e-3, 1e-2, 1e-1, 1e12]));
    merged.merge(sketch);
    expect(merged.binCount).toBe(16);
    expect(merged.count).toBe(1004);
    expect(merged.quantile(1)).toBe(1e12);
    const single = new DDSketch({ maxBins: 1 });
    for (const v of [5, 1, 100, 3]) single.add(v);
    expect(single.binCount).toBe(1);
    expect(single.count).toBe(4);
  });
});

describe('DDSketch serialization', () => {
  it('round-trips with identical quantiles, in under 16 bytes per occupied bin', () => {
    const sketch = DDSketch.fromValues(lognormal(100_000, 10));
    sketch.add(0, 3);
    sketch.add(-5.5);
    const bytes = sketch.serialize();
    expect(bytes[0]).toBe(1);
    expect(bytes.length).toBeLessThan(16 * sketch.binCount);
    const copy = DDSketch.deserialize(bytes);
    for (let q = 0; q <= 1; q += 0.001) expect(copy.quantile(q)).toBe(sketch.quantile(q));
    expect(copy.count).toBe(sketch.count);
    expect(copy.sum).toBe(sketch.sum);
    expect(copy.min).toBe(sketch.min);
    expect(copy.max).toBe(sketch.max);
    expect(copy.binCount).toBe(sketch.binCount);
    expect(copy.serialize()).toEqual(bytes);
    console.log(
      `DDSketch 100k lognormal: ${sketch.binCount} bins -> ${bytes.length} bytes ` +
        `(${(bytes.length / sketch.binCount).toFixed(2)} B/bin)`,
    );
  });

  it('is compact for small buckets and accepts a Buffer at an offset (as read from bytea)', () => {
    const small = DDSketch.fromValues([12.5, 13.1, 250, 12.9, 14]);
    const bytes = small.serialize();
    expect(bytes.length).toBeLessThan(64);
    const padded = Buffer.concat([Buffer.from('junk'), Buffer.from(bytes)]).subarray(4);
    const copy = DDSketch.deserialize(padded);
    expect(copy.quantile(0.5)).toBe(small.quantile(0.5));
    const empty = new DDSketch({ alpha: 0.01, maxBins: 100 }).serialize();
    expect(empty.length).toBeLessThanOrEqual(12);
    const emptyCopy = DDSketch.deserialize(empty);
    expect(emptyCopy.count).toBe(0);
    expect(emptyCopy.alpha).toBe(0.01);
    expect(emptyCopy.maxBins).toBe(100);
    const weighted = new DDSketch();
    weighted.add(3, 0.25);
    weighted.add(-8, 1.5);
    const weightedCopy = DDSketch.deserialize(weighted.serialize());
    expect(weightedCopy.count).toBe(1.75);
    expect(weightedCopy.quantile(0.9)).toBe(weighted.quantile(0.9));
    const overflow = DDSketch.fromValues([1e308, 1e308]);
    expect(overflow.sum).toBe(Infinity);
    expect(DDSketch.deserialize(overflow.serialize()).quantile(0.5)).toBe(overflow.quantile(0.5));
  });

  it('throws a SketchFormatError for garbage, truncated or foreign bytes', () => {
    const bytes = DDSketch.fromValues([1, 2, 3, -4, 0, 1e6]).serialize();
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      new Uint8Array([1]),
      Uint8Array.from([9, ...bytes.subarray(1)]),
      new HyperLogLog().serialize(),
      Uint8Array.from([...bytes, 0]),
      new TextEncoder().encode('{"not":"a sketch"}'),
    ];
    for (let len = 0; len < bytes.length; len++) bad.push(bytes.slice(0, len));
    for (const b of bad) expect(() => DDSketch.deserialize(b)).toThrow(SketchFormatError);
    expect(() => DDSketch.deserialize(Uint8Array.from([9]))).toThrow(/unsupported format version 9/);

    const random = seededRandom(11);
    for (let trial = 0; trial < 2000; trial++) {
      const garbage = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      expect(() => DDSketch.deserialize(garbage)).toThrow(SketchFormatError);
      // A valid prefix followed by garbage either throws a SketchFormatError or decodes to a usable sketch.
      const tail = Uint8Array.from([...bytes.subarray(0, 12 + (trial % 30)), ...garbage]);
      try {
        const s = DDSketch.deserialize(tail);
        expect(Number.isFinite(s.quantile(0.5))).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(SketchFormatError);
      }
    }
  });
});

describe('DDSketch throughput', () => {
  it('prints adds per second (informational)', () => {
    const values = lognormal(1_000_000, 12);
    let best = 0;
    for (let rep = 0; rep < 3; rep++) {
      const sketch = new DDSketch();
      const start = performance.now();
      for (let i = 0; i < values.length; i++) sketch.add(values[i] ?? 0);
      const seconds = (performance.now() - start) / 1000;
      best = Math.max(best, values.length / seconds);
      expect(sketch.count).toBe(values.length);
    }
    console.log(`DDSketch.add: ${(best / 1e6).toFixed(1)} M adds/s (best of 3 × 1M lognormal values)`);
    const shards = Array.from({ length: 60 }, (_, i) => DDSketch.fromValues(lognormal(1000, 100 + i)));
    const start = performance.now();
    const merged = new DDSketch();
    for (let rep = 0; rep < 10; rep++) for (const s of shards) merged.merge(s);
    const perMerge = (performance.now() - start) / 600;
    console.log(`DDSketch.merge of a 1000-value sketch: ${(perMerge * 1000).toFixed(1)} µs`);
  });
});
