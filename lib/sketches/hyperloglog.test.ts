import { describe, expect, it } from 'vitest';
import { DDSketch, HyperLogLog, SketchFormatError } from '@/lib/sketches';
import { hashOut, hashString64, murmur3x86_128, utf8BytesForTest } from './hash';
import { seededRandom } from '@/test/helpers/sketches';

function sketchOf(from: number, to: number, prefix = 'user-'): HyperLogLog {
  const h = new HyperLogLog();
  for (let i = from; i < to; i++) h.add(`${prefix}${i}`);
  return h;
}

function relErr(estimate: number, exact: number): number {
  return Math.abs(estimate - exact) / exact;
}

describe('64-bit hash', () => {
  it('is MurmurHash3_x86_128 (SMHasher verification value 0xB3ECE62A)', () => {
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(16 * 256);
    const view = new DataView(hashes.buffer);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      murmur3x86_128(key.subarray(0, i), 256 - i);
      for (let w = 0; w < 4; w++) view.setUint32(i * 16 + 4 * w, hashOut[w] ?? 0, true);
    }
    murmur3x86_128(hashes, 0);
    expect(hashOut[0]).toBe(0xb3ece62a);
  });

  it('hashes the UTF-8 bytes of the string, like TextEncoder', () => {
    const encoder = new TextEncoder();
    for (const s of [
      '',
      'a',
      'user-42',
      'héllo wörld',
      '日本語テキスト',
      'emoji 😀🎉',
      'lone \ud800 high',
      'lone \udc00 low',
      '\ud83d',
    ]) {
      expect(Buffer.from(utf8BytesForTest(s)).equals(Buffer.from(encoder.encode(s))), JSON.stringify(s)).toBe(
        true,
      );
      hashString64(s);
      const [h1, h2] = [hashOut[0], hashOut[1]];
      murmur3x86_128(encoder.encode(s), 0);
      expect([hashOut[0], hashOut[1]]).toEqual([h1, h2]);
    }
    const long = 'x'.repeat(10_000) + '€';
    hashString64(long);
    const h = hashOut[0];
    murmur3x86_128(encoder.encode(long));
    expect(hashOut[0]).toBe(h);
  });
});

describe('HyperLogLog accuracy', () => {
  it('is exact for 0, 1, 100 and 999 distinct values (sparse form)', () => {
    expect(new HyperLogLog().estimate()).toBe(0);
    for (const n of [1, 100, 999]) {
      const h = sketchOf(0, n);
      expect(h.isSparse).toBe(true);
      expect(h.estimate()).toBe(n);
    }
  });

  it('is within 2% for 10k, 100k and 1M distinct values', () => {
    const results: string[] = [];
    for (const n of [10_000, 100_000, 1_000_000]) {
      const h = sketchOf(0, n);
      expect(h.isSparse).toBe(false);
      const err = relErr(h.estimate(), n);
      results.push(`${n}: ${(err * 100).toFixed(2)}%`);
      expect(err, `n=${n} estimate ${h.estimate()}`).toBeLessThan(0.02);
    }
    console.log(`HyperLogLog relative error: ${results.join(', ')}`);
  });

  it('stays within 2% across many independent streams (error distribution)', () => {
    const errors: number[] = [];
    for (let t = 0; t < 20; t++) {
      for (const n of [1500, 5000, 12_000, 30_000, 80_000]) {
        errors.push(relErr(sketchOf(0, n, `s${t}-`).estimate(), n));
      }
    }
    const rms = Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length);
    const max = Math.max(...errors);
    console.log(
      `HyperLogLog 100 streams of 1.5k..80k: rms error ${(rms * 100).toFixed(2)}%, max ${(max * 100).toFixed(2)}%`,
    );
    expect(rms).toBeLessThan(0.0081 * 1.25);
    expect(max).toBeLessThan(0.03);
  });

  it('does not count duplicates', () => {
    const sparse = new HyperLogLog();
    for (let rep = 0; rep < 50; rep++) for (let i = 0; i < 100; i++) sparse.add(`user-${i}`);
    expect(sparse.estimate()).toBe(100);
    const once = sketchOf(0, 50_000);
    const thrice = new HyperLogLog();
    for (let rep = 0; rep < 3; rep++) for (let i = 0; i < 50_000; i++) thrice.add(`user-${i}`);
    expect(thrice.estimate()).toBe(once.estimate());
    expect(thrice.serialize()).toEqual(once.serialize());
  });

  it('switches from sparse to dense at the threshold with a continuous estimate', () => {
    const h = new HyperLogLog();
    let previous = 0;
    for (let i = 0; i < 3000; i++) {
      h.add(`user-${i}`);
      const n = i + 1;
      expect(h.isSparse).toBe(n <= 1024);
      const e = h.estimate();
      if (n <= 1024) expect(e).toBe(n);
      else expect(relErr(e, n), `n=${n}`).toBeLessThan(0.02);
      expect(Math.abs(e - previous), `n=${n}`).toBeLessThan(Math.max(1.5, 0.02 * n));
      previous = e;
    }
    const custom = new HyperLogLog({ sparseThreshold: 10 });
    for (let i = 0; i < 11; i++) custom.add(`x${i}`);
    expect(custom.isSparse).toBe(false);
    expect(new HyperLogLog({ sparseThreshold: 0 }).isSparse).toBe(false);
  });
});

describe('HyperLogLog merge', () => {
  it('merges overlapping shards within 2% of the exact union', () => {
    // 12 workers see overlapping slices of the user space: exact union = 0..660k.
    const shards = Array.from({ length: 12 }, (_, i) => sketchOf(i * 50_000, i * 50_000 + 110_000));
    const merged = new HyperLogLog();
    for (const s of shards) merged.merge(s);
    expect(relErr(merged.estimate(), 660_000)).toBeLessThan(0.02);
    const reversed = new HyperLogLog();
    for (const s of [...shards].reverse()) reversed.merge(s);
    expect(reversed.serialize()).toEqual(merged.serialize());
    // Merging equals sketching the union directly (same registers).
    expect(merged.serialize()).toEqual(sketchOf(0, 660_000).serialize());
  });

  it('sparse + sparse stays sparse below the threshold, exact', () => {
    const a = sketchOf(0, 300);
    const b = sketchOf(200, 600);
    a.merge(b);
    expect(a.isSparse).toBe(true);
    expect(a.estimate()).toBe(600);
    expect(b.estimate()).toBe(400);
  });

  it('sparse + sparse beyond the threshold, sparse + dense and dense + sparse become dense', () => {
    const union = sketchOf(0, 1500);
    const overflow = sketchOf(0, 800).merge(sketchOf(700, 1500));
    expect(overflow.isSparse).toBe(false);
    expect(overflow.serialize()).toEqual(union.serialize());

    const sparseIntoDense = sketchOf(0, 1200).merge(sketchOf(1000, 1500));
    expect(sparseIntoDense.isSparse).toBe(false);
    expect(sparseIntoDense.serialize()).toEqual(union.serialize());

    const denseIntoSparse = sketchOf(1000, 1500).merge(sketchOf(0, 1200));
    expect(denseIntoSparse.isSparse).toBe(false);
    expect(denseIntoSparse.serialize()).toEqual(union.serialize());
    expect(relErr(union.estimate(), 1500)).toBeLessThan(0.02);
  });

  it('rejects a different precision; clone is independent', () => {
    expect(() => new HyperLogLog().merge(new HyperLogLog({ precision: 12 }))).toThrow(/precision/);
    const a = sketchOf(0, 10);
    const b = a.clone();
    b.add('another');
    expect(a.estimate()).toBe(10);
    expect(b.estimate()).toBe(11);
    const d = sketchOf(0, 5000);
    const e = d.clone();
    e.merge(sketchOf(5000, 20_000));
    expect(d.estimate()).toBe(sketchOf(0, 5000).estimate());
  });
});

describe('HyperLogLog serialization', () => {
  it('round-trips the sparse form; 10 values take < 200 bytes', () => {
    const h = sketchOf(0, 10);
    const bytes = h.serialize();
    expect(bytes[0]).toBe(1);
    expect(bytes.length).toBeLessThan(200);
    const copy = HyperLogLog.deserialize(Buffer.from(bytes));
    expect(copy.isSparse).toBe(true);
    expect(copy.estimate()).toBe(10);
    copy.add('user-3');
    copy.add('user-10');
    expect(copy.estimate()).toBe(11);
    const empty = new HyperLogLog().serialize();
    expect(HyperLogLog.deserialize(empty).estimate()).toBe(0);
    console.log(`HyperLogLog sizes: empty ${empty.length} B, 10 values ${bytes.length} B`);
  });

  it('round-trips both dense encodings', () => {
    const sizes: string[] = [];
    for (const n of [1025, 5000, 1_000_000]) {
      const h = sketchOf(0, n);
      const bytes = h.serialize();
      const copy = HyperLogLog.deserialize(bytes);
      expect(copy.isSparse).toBe(false);
      expect(copy.estimate()).toBe(h.estimate());
      expect(copy.serialize()).toEqual(bytes);
      expect(copy.merge(h).estimate()).toBe(h.estimate());
      sizes.push(`${n} distinct ${bytes.length} B`);
    }
    expect(sketchOf(0, 1_000_000).serialize().length).toBe(6 + 12288);
    expect(sketchOf(0, 1025).serialize().length).toBeLessThan(4000);
    console.log(`HyperLogLog sizes: ${sizes.join(', ')}`);
    const p4 = new HyperLogLog({ precision: 4, sparseThreshold: 0 });
    for (let i = 0; i < 1000; i++) p4.add(`v${i}`);
    expect(HyperLogLog.deserialize(p4.serialize()).estimate()).toBe(p4.estimate());
  });

  it('throws a SketchFormatError for garbage, truncated or foreign bytes', () => {
    const samples = [sketchOf(0, 5), sketchOf(0, 2000), sketchOf(0, 100_000)].map((h) => h.serialize());
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      Uint8Array.from([2, 0x48]),
      DDSketch.fromValues([1, 2]).serialize(),
      new TextEncoder().encode('hello world'),
    ];
    for (const bytes of samples) {
      for (let len = 0; len < Math.min(bytes.length, 200); len++) bad.push(bytes.slice(0, len));
      bad.push(bytes.slice(0, bytes.length - 1));
      bad.push(Uint8Array.from([...bytes, 7]));
    }
    // Register value 63 > 51 in the packed form; an unsorted sparse set; an unknown encoding.
    const packed = samples[2] ?? new Uint8Array(0);
    const corrupt = packed.slice();
    corrupt[10] = 0xff;
    bad.push(corrupt);
    const sparse = (samples[0] ?? new Uint8Array(0)).slice();
    sparse.copyWithin(7, 15, 23);
    bad.push(sparse);
    const unknown = (samples[0] ?? new Uint8Array(0)).slice();
    unknown[5] = 9;
    bad.push(unknown);
    for (const b of bad) expect(() => HyperLogLog.deserialize(b)).toThrow(SketchFormatError);
    const random = seededRandom(21);
    for (let trial = 0; trial < 2000; trial++) {
      const garbage = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      expect(() => HyperLogLog.deserialize(garbage)).toThrow(SketchFormatError);
    }
  });
});

describe('HyperLogLog throughput', () => {
  it('prints adds per second (informational)', () => {
    const ids = Array.from({ length: 1_000_000 }, (_, i) => `user-${i * 7919}`);
    let best = 0;
    for (let rep = 0; rep < 3; rep++) {
      const h = new HyperLogLog();
      const start = performance.now();
      for (const id of ids) h.add(id);
      best = Math.max(best, ids.length / ((performance.now() - start) / 1000));
      expect(h.isSparse).toBe(false);
    }
    console.log(`HyperLogLog.add: ${(best / 1e6).toFixed(1)} M adds/s (best of 3 × 1M distinct ids)`);
    const shards = Array.from({ length: 20 }, (_, i) => sketchOf(i * 20_000, (i + 1) * 20_000));
    const start = performance.now();
    const merged = new HyperLogLog();
    for (const s of shards) merged.merge(s);
    console.log(`HyperLogLog dense merge: ${(((performance.now() - start) / 20) * 1000).toFixed(0)} µs`);
  });
});
