import { z } from 'zod';
import { madToSigma, median, medianAbsoluteDeviation } from '../robust-stats';
import { defineKind, type Evaluation, type WindowSpec } from './kind';

const dayMs = 86_400_000;

/** Robust z-score a window must reach to breach; it clears below half of it. */
export const sensitivityZ = { low: 6, medium: 4, high: 3 } as const;

/** Windows either side of each past occurrence that join the baseline, so one odd minute weighs little. */
const neighbours = 2;
/** Fewer usable baseline windows than this and the rule does not judge (a new metric learns first). */
const minSamples = 5;
/** The spread never falls below this share of the median, so a perfectly regular series does not fire on rounding. */
const minRelativeSpread = 0.01;

export const anomalyParamsSchema = z.strictObject({
  sensitivity: z.enum(['low', 'medium', 'high']).default('medium'),
  /** Which past windows form the baseline: the same time of day, of the week, or simply the recent ones. */
  seasonality: z.enum(['daily', 'weekly', 'none']).default('daily'),
  /** Fire on rises, falls, or both. @defaultValue `both` */
  direction: z.enum(['both', 'up', 'down']).default('both'),
  /** Past periods in the baseline: days (daily), weeks (weekly) or windows (none). @defaultValue 14, 4 or 30 */
  lookback: z.number().int().min(1).max(60).optional(),
  /** Smallest spread in the metric's unit, for series quieter than their noise. @defaultValue 0 */
  minDeviation: z.number().finite().min(0).default(0),
});
export type AnomalyParams = z.infer<typeof anomalyParamsSchema>;

/** The baseline windows: the same window `lookback` days (or weeks) back, with neighbours; or the previous windows. */
export function baselineWindows(params: AnomalyParams, end: number, windowMs: number): WindowSpec[] {
  const specs: WindowSpec[] = [];
  if (params.seasonality === 'none') {
    const count = params.lookback ?? 30;
    for (let i = 1; i <= count; i++) {
      specs.push({ from: end - (i + 1) * windowMs, to: end - i * windowMs, resolution: 'minute' });
    }
    return specs;
  }
  const period = params.seasonality === 'daily' ? dayMs : 7 * dayMs;
  const periods = params.lookback ?? (params.seasonality === 'daily' ? 14 : 4);
  for (let p = 1; p <= periods; p++) {
    for (let j = -neighbours; j <= neighbours; j++) {
      const to = end - p * period + j * windowMs;
      specs.push({ from: to - windowMs, to, resolution: 'minute' });
    }
  }
  return specs;
}

/**
 * Deviation from a seasonal baseline: the median and MAD of the metric over the baseline windows, and the
 * robust z-score of the current window against them. Baseline windows without any data of the metric
 * (before it existed, or a gap) are left out rather than read as zero.
 */
export const anomalyKind = defineKind({
  name: 'anomaly',
  params: anomalyParamsSchema,
  windows: (params, { end, windowMs }) => [
    { from: end - windowMs, to: end, resolution: 'second' },
    ...baselineWindows(params, end, windowMs),
  ],
  evaluate(params, [current, ...baseline]): Evaluation {
    const value = current?.value ?? null;
    const samples = baseline.flatMap((w) => (w.present && w.value !== null ? [w.value] : []));
    if (value === null || samples.length < minSamples) {
      return { value, threshold: null, breaching: false, clear: true, detail: { samples: samples.length } };
    }
    const center = median(samples);
    const spread = Math.max(
      madToSigma * medianAbsoluteDeviation(samples, center),
      params.minDeviation,
      minRelativeSpread * Math.abs(center),
      Number.EPSILON,
    );
    const z = (value - center) / spread;
    const limit = sensitivityZ[params.sensitivity];
    const signed = params.direction === 'up' ? z : params.direction === 'down' ? -z : Math.abs(z);
    const upward = params.direction === 'up' || (params.direction === 'both' && z >= 0);
    return {
      value,
      threshold: upward ? center + limit * spread : center - limit * spread,
      clearThreshold: upward ? center + (limit / 2) * spread : center - (limit / 2) * spread,
      breaching: signed >= limit,
      clear: signed < limit / 2,
      detail: { median: center, spread, z, samples: samples.length },
    };
  },
});
