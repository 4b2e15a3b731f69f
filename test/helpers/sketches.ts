/** Deterministic generators for the sketch tests (not part of the library API). */

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box–Muller. */
export function normalSampler(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Lognormal latencies: exp(mu + sigma·N(0, 1)). */
export function lognormal(n: number, seed: number, mu = 3, sigma = 1): Float64Array {
  const normal = normalSampler(seededRandom(seed));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(mu + sigma * normal());
  return out;
}

/** Sampler of Zipf(s) ranks in [0, n): P(rank r) ∝ 1 / (r + 1)^s. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let r = 0; r < n; r++) {
    acc += 1 / Math.pow(r + 1, s);
    cdf[r] = acc;
  }
  return () => {
    const u = random() * acc;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 0) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The value of rank ⌊q·(n − 1)⌋ of an ascending array: what DDSketch.quantile estimates. */
export function exactQuantile(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
}

export function relativeError(estimate: number, exact: number): number {
  if (exact === 0) return Math.abs(estimate);
  return Math.abs(estimate - exact) / Math.abs(exact);
}
