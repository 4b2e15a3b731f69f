import { describe, expect, it } from 'vitest';
import { DDSketch, SketchFormatError, TopK, type TopKEntry } from '@/lib/sketches';
import { seededRandom, zipfSampler } from '@/test/helpers/sketches';

const N = 1_000_000;
const DISTINCT = 50_000;
const names = Array.from({ length: DISTINCT }, (_, r) => `endpoint-${r}`);

/** A Zipf(1.1) stream of 1M item ranks over 50k distinct items. */
function zipfStream(seed: number, n = N): Int32Array {
  const sample = zipfSampler(DISTINCT, 1.1, seededRandom(seed));
  return Int32Array.from({ length: n }, sample);
}

function exactCounts(stream: Int32Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of stream) {
    const name = names[r] ?? '';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function trueTop(counts: Map<string, number>, n: number): string[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([item]) => item);
}

/** The Misra–Gries guarantees: count ≤ true ≤ count + error, error ≤ total/(k+1), absent items ≤ error. */
function expectBounds(sketch: TopK, exact: Map<string, number>): void {
  const entries = sketch.top(sketch.capacity);
  expect(entries.length).toBeLessThanOrEqual(sketch.capacity);
  expect(sketch.error).toBeLessThanOrEqual(sketch.total / (sketch.capacity + 1));
  const reported = new Set<string>();
  for (const { item, count, error } of entries) {
    const truth = exact.get(item) ?? 0;
    expect(count, item).toBeLessThanOrEqual(truth);
    expect(truth, item).toBeLessThanOrEqual(count + error);
    reported.add(item);
  }
  for (const [item, truth] of exact)
    if (!reported.has(item)) expect(truth, item).toBeLessThanOrEqual(sketch.error);
}

function items(entries: TopKEntry[]): string[] {
  return entries.map((e) => e.item);
}

describe('TopK', () => {
  it('finds the true top 10 of a 1M-item Zipf stream within the error bound', () => {
    const stream = zipfStream(1);
    const exact = exactCounts(stream);
    const sketch = new TopK();
    for (const r of stream) sketch.add(names[r] ?? '');
    expect(sketch.total).toBe(N);
    const top = sketch.top(10);
    expect(items(top)).toEqual(trueTop(exact, 10));
    expectBounds(sketch, exact);
    const worst = Math.max(...top.map((e) => (exact.get(e.item) ?? 0) - e.count));
    console.log(
      `TopK(k=64) Zipf 1M: error bound ${sketch.error} (total/(k+1) = ${Math.round(N / 65)}), ` +
        `largest actual underestimate in the top 10: ${worst}`,
    );
  });

  it('merging 8 shard summaries respects the bound and keeps the top 10', () => {
    const stream = zipfStream(2);
    const exact = exactCounts(stream);
    const random = seededRandom(3);
    const shards = Array.from({ length: 8 }, () => new TopK());
    for (const r of stream) shards[Math.floor(random() * 8)]?.add(names[r] ?? '');
    const merged = new TopK();
    for (const s of shards) merged.merge(s);
    expect(merged.total).toBe(N);
    expectBounds(merged, exact);
    expect(items(merged.top(10))).toEqual(trueTop(exact, 10));
  });

  it('merges shards with different heavy items (skewed workers)', () => {
    // Each worker's stream is a Zipf stream over a rotated item space: different local heavy hitters.
    const exact = new Map<string, number>();
    const merged = new TopK({ capacity: 32 });
    for (let w = 0; w < 6; w++) {
      const shard = new TopK({ capacity: 32 });
      const shardExact = new Map<string, number>();
      for (const r of zipfStream(10 + w, 100_000)) {
        const name = names[(r + w * 3) % DISTINCT] ?? '';
        shard.add(name);
        shardExact.set(name, (shardExact.get(name) ?? 0) + 1);
        exact.set(name, (exact.get(name) ?? 0) + 1);
      }
      expectBounds(shard, shardExact);
      merged.merge(shard);
    }
    expectBounds(merged, exact);
    // Every item heavier than the error bound is guaranteed to be reported.
    const reported = items(merged.top());
    for (const item of trueTop(exact, 3)) {
      expect(exact.get(item)).toBeGreaterThan(merged.error);
      expect(reported).toContain(item);
    }
  });

  it('keeps exact counts while there are at most k items, with weights', () => {
    const sketch = new TopK({ capacity: 4 });
    sketch.add('a', 5);
    sketch.add('b');
    sketch.add('c', 2.5);
    sketch.add('b');
    sketch.add('zero', 0);
    expect(sketch.top(10)).toEqual([
      { item: 'a', count: 5, error: 0 },
      { item: 'c', count: 2.5, error: 0 },
      { item: 'b', count: 2, error: 0 },
    ]);
    expect(sketch.total).toBe(9.5);
    expect(sketch.size).toBe(3);
    expect(() => sketch.add('x', -1)).toThrow(RangeError);
    expect(() => sketch.add('x', Number.NaN)).toThrow(RangeError);
    expect(() => new TopK({ capacity: 0 })).toThrow(RangeError);
    expect(() => sketch.merge(new TopK())).toThrow(/capacity/);
    sketch.merge(sketch);
    expect(sketch.top(1)).toEqual([{ item: 'a', count: 10, error: 0 }]);
    expect(sketch.total).toBe(19);
    expect(new TopK().top(5)).toEqual([]);
  });

  it('compacts to k counters with the Misra–Gries decrement', () => {
    const sketch = new TopK({ capacity: 2 });
    for (const item of ['a', 'a', 'a', 'b', 'b', 'c', 'd']) sketch.add(item);
    // Counters a:3 b:2 c:1 d:1 → subtract the 3rd largest (1): a:2 b:1, error 1.
    expect(sketch.top()).toEqual([
      { item: 'a', count: 2, error: 1 },
      { item: 'b', count: 1, error: 1 },
    ]);
    expect(sketch.size).toBe(2);
  });

  it('round-trips through serialize, including non-ASCII items and fractional weights', () => {
    const sketch = new TopK();
    for (const r of zipfStream(4, 200_000)) sketch.add(names[r] ?? '');
    sketch.add('ünïcødé/路径/😀', 3);
    const bytes = sketch.serialize();
    expect(bytes[0]).toBe(1);
    const copy = TopK.deserialize(Buffer.from(bytes));
    expect(copy.top()).toEqual(sketch.top());
    expect(copy.total).toBe(sketch.total);
    expect(copy.error).toBe(sketch.error);
    expect(copy.serialize()).toEqual(bytes);

    const small = new TopK();
    for (const item of ['GET /a', 'GET /a', 'POST /b', 'GET /a', 'GET /c']) small.add(item);
    const smallBytes = small.serialize();
    expect(smallBytes.length).toBeLessThan(48);
    expect(TopK.deserialize(smallBytes).top()).toEqual(small.top());

    const weighted = new TopK({ capacity: 3 });
    weighted.add('x', 0.5);
    weighted.add('y', 1e20);
    const weightedCopy = TopK.deserialize(weighted.serialize());
    expect(weightedCopy.top()).toEqual(weighted.top());
    expect(weightedCopy.total).toBe(weighted.total);
    console.log(`TopK sizes: 3 items ${smallBytes.length} B, k=64 full ${bytes.length} B`);
  });

  it('throws a SketchFormatError for garbage, truncated or foreign bytes', () => {
    const sketch = new TopK({ capacity: 4 });
    for (const item of ['a', 'bb', 'ccc', 'a', 'dddd', 'eeeee']) sketch.add(item);
    const bytes = sketch.serialize();
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      DDSketch.fromValues([1]).serialize(),
      Uint8Array.from([...bytes, 0]),
      new TextEncoder().encode('GET /index.html'),
    ];
    for (let len = 0; len < bytes.length; len++) bad.push(bytes.slice(0, len));
    // An invalid UTF-8 item.
    const invalid = bytes.slice();
    invalid[bytes.indexOf(0x61)] = 0xff;
    bad.push(invalid);
    // A counter larger than the total.
    const inconsistent = new TopK();
    inconsistent.add('a', 100);
    const inconsistentBytes = inconsistent.serialize();
    inconsistentBytes[4] = 1; // total 100 → 1 (bytes: version, kind, capacity, flags, total, ...)
    bad.push(inconsistentBytes);
    for (const b of bad) expect(() => TopK.deserialize(b)).toThrow(SketchFormatError);
    const random = seededRandom(5);
    for (let trial = 0; trial < 2000; trial++) {
      const garbage = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      expect(() => TopK.deserialize(garbage)).toThrow(SketchFormatError);
    }
  });

  it('prints adds per second (informational)', () => {
    const stream = zipfStream(6);
    const keys = Array.from(stream, (r) => names[r] ?? '');
    let best = 0;
    for (let rep = 0; rep < 3; rep++) {
      const sketch = new TopK();
      const start = performance.now();
      for (const key of keys) sketch.add(key);
      best = Math.max(best, keys.length / ((performance.now() - start) / 1000));
    }
    console.log(`TopK.add: ${(best / 1e6).toFixed(1)} M adds/s (best of 3 × 1M Zipf items)`);
  });
});
