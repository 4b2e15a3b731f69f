/**
 * For count series, where a missing bucket means zero: inserts a zero just after and just before each
 * gap, so the line drops to the baseline instead of bridging it. A trailing zero is added only when
 * the series has clearly stopped (`staleAfterSteps` steps before `to`), not while a bucket is in flight.
 */
export function fillGapsWithZero(
  points: ReadonlyArray<readonly [number, number]>,
  stepMs: number,
  from: number,
  to: number,
  staleAfterSteps = 3,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let previous: number | null = null;
  for (const [t, v] of points) {
    if (previous === null) {
      if (t - stepMs >= from) out.push([t - stepMs, 0]);
    } else if (t - previous > stepMs) {
      out.push([previous + stepMs, 0]);
      if (t - stepMs > previous + stepMs) out.push([t - stepMs, 0]);
    }
    out.push([t, v]);
    previous = t;
  }
  if (previous !== null && previous + stepMs * staleAfterSteps < to) out.push([previous + stepMs, 0]);
  return out;
}
