/**
 * NAB scoring (numenta/NAB, standard profile) of binary detections on one data file. Each detection is
 * attributed to a record (row) of the file; windows are inclusive ranges of rows.
 *
 * As in NAB's sweeper: the first `min(floor(0.15 · rows), 0.15 · 5000)` rows are probationary and never
 * scored; only the first detection in a window counts, weighted A_TP · σ(position) / σ(-1) where σ is the
 * scaled sigmoid 2/(1 + e^(5x)) − 1 and position runs from −1 at the window's left edge to 0 at its right
 * edge; a detection outside every window costs A_FP · σ(distance past the preceding window) (−A_FP before
 * the first window); each window without a detection costs A_FN.
 */
export const standardProfile = { tp: 1, fp: -0.11, fn: -1 } as const;

export type FileScore = {
  raw: number;
  /** The raw score of a detector that never fires (every window missed). */
  nullScore: number;
  /** The raw score of a detector that fires exactly at each window's left edge and nowhere else. */
  perfectScore: number;
};

export function scaledSigmoid(position: number): number {
  if (position > 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

export function probationaryRows(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
}

/** `detections`: row indexes; `windows`: inclusive [first, last] row indexes, in order. */
export function nabScore(
  rows: number,
  detections: readonly number[],
  windows: readonly (readonly [number, number])[],
  profile: { tp: number; fp: number; fn: number } = standardProfile,
): FileScore {
  const probation = probationaryRows(rows);
  const maxTp = scaledSigmoid(-1);
  const caught = new Set<number>();
  let raw = 0;
  for (const i of [...detections].sort((a, b) => a - b)) {
    if (i < probation) continue;
    const w = windows.findIndex(([a, b]) => i >= a && i <= b);
    if (w >= 0) {
      if (caught.has(w)) continue;
      caught.add(w);
      const [a, b] = windows[w]!;
      const width = b - a + 1;
      raw += (profile.tp * scaledSigmoid(-(b - i + 1) / width)) / maxTp;
      continue;
    }
    let previous = -1;
    windows.forEach(([, b], k) => {
      if (b < i) previous = k;
    });
    if (previous < 0)
      raw += profile.fp; // before the first window: the full penalty
    else {
      const [a, b] = windows[previous]!;
      raw += -profile.fp * scaledSigmoid(Math.abs(b - i) / (b - a));
    }
  }
  raw += profile.fn * (windows.length - caught.size);
  return { raw, nullScore: profile.fn * windows.length, perfectScore: profile.tp * windows.length };
}

/** 100 · (raw − null) / (perfect − null), NAB's normalisation; null when there is nothing to normalise. */
export function normalised(score: FileScore): number | null {
  const span = score.perfectScore - score.nullScore;
  return span === 0 ? null : (100 * (score.raw - score.nullScore)) / span;
}
