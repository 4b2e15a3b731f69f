import { z } from 'zod';
import { isoInstant } from '@/core/validation';
import { ruleWindows } from '@/lib/alerting/types';
import { aggregations } from '@/lib/metrics/aggregations';

export const steps = ['1s', '10s', '1m', '5m', '1h', '1d'] as const;
export type Step = (typeof steps)[number];
export const stepSeconds: Record<Step, number> = {
  '1s': 1,
  '10s': 10,
  '1m': 60,
  '5m': 300,
  '1h': 3600,
  '1d': 86_400,
};

/** Most buckets one series request may span; a finer step over a longer range is refused. */
export const maxBucketsPerSeries = 11_000;

const dimensionList = z
  .string()
  .max(200)
  .transform((s) =>
    s
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean),
  );

export const seriesQuerySchema = z.strictObject({
  from: isoInstant('from'),
  to: isoInstant('to'),
  step: z.enum(steps, { error: `step must be one of ${steps.join(' ')}` }).optional(),
  group: dimensionList.optional(),
  /**
   * A rolling window: each point is the metric over the window ending at it (what a rule with this
   * window evaluates), not over its own bucket.
   */
  window: z.enum(ruleWindows, { error: `window must be one of ${ruleWindows.join(' ')}` }).optional(),
  /** Only points with these dimension values, as a JSON object: `{"route":"/checkout"}`. */
  where: z
    .string()
    .max(1000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'where must be a JSON object of dimension values' });
        return z.NEVER;
      }
    })
    .pipe(
      z.record(z.string().max(64), z.string().max(200), {
        error: 'where must be a JSON object of dimension values',
      }),
    )
    .optional(),
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

export const windows = ['1m', '5m', '15m', '1h'] as const;
export const windowSeconds: Record<(typeof windows)[number], number> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '1h': 3600,
};
export const currentQuerySchema = z.strictObject({
  window: z.enum(windows, { error: `window must be one of ${windows.join(' ')}` }).default('1m'),
  group: dimensionList.optional(),
});
export type CurrentQuery = z.infer<typeof currentQuerySchema>;

export const metricNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'metric names use lowercase letters, digits and _');

/** Picks the finest step that keeps a range within about 1,000 buckets. */
export function stepForRange(rangeSeconds: number): Step {
  for (const step of steps) if (rangeSeconds / stepSeconds[step] <= 1000) return step;
  return '1d';
}

/** Aggregations that need a numeric value field (top-K names the prop it ranks instead). */
const needsValueField = new Set<string>(['sum', 'avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'topk']);

const dimensionName = z
  .string()
  .regex(
    /^(type|source|user|[A-Za-z_][A-Za-z0-9_.-]{0,63})$/,
    'a dimension is type, source, user or a prop name',
  );

const metricFields = {
  description: z.string().trim().max(500, 'description is at most 500 characters'),
  eventTypes: z.array(z.string().trim().min(1).max(128)).max(50, 'at most 50 event types'),
  aggregation: z.enum(aggregations, { error: `aggregation must be one of ${aggregations.join(', ')}` }),
  valueField: z
    .string()
    .regex(
      /^(value|sentiment\.score|sentiment\.negative|props\.[A-Za-z_][A-Za-z0-9_.-]{0,63})$/,
      'valueField is value, sentiment.score, sentiment.negative or props.<name>',
    )
    .nullable(),
  dimensions: z.array(dimensionName).max(6, 'at most 6 dimensions'),
  defaultGroupBy: z.array(dimensionName).max(6),
  unit: z.string().trim().max(32, 'unit is at most 32 characters'),
  ratioOf: z
    .object({
      numerator: metricNameSchema,
      denominator: metricNameSchema,
      /** Multiplies the ratio, e.g. 100 for a percentage. @defaultValue 1 */
      scale: z.number().positive().finite().default(1),
    })
    .nullable(),
};

function checkMetricShape(
  m: { aggregation?: string; valueField?: string | null; dimensions?: string[]; defaultGroupBy?: string[] },
  ctx: z.RefinementCtx,
) {
  if (m.aggregation && needsValueField.has(m.aggregation) && !m.valueField) {
    ctx.addIssue({ code: 'custom', path: ['valueField'], message: `${m.aggregation} needs a valueField` });
  }
  const unknown = (m.defaultGroupBy ?? []).find((d) => !(m.dimensions ?? []).includes(d));
  if (unknown) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultGroupBy'],
      message: `${unknown} is not one of the dimensions`,
    });
  }
}

export const createMetricInputSchema = z
  .strictObject({
    name: metricNameSchema,
    description: metricFields.description.default(''),
    eventTypes: metricFields.eventTypes.default([]),
    aggregation: metricFields.aggregation.default('count'),
    valueField: metricFields.valueField.default(null),
    dimensions: metricFields.dimensions.default([]),
    defaultGroupBy: metricFields.defaultGroupBy.default([]),
    unit: metricFields.unit.default(''),
    ratioOf: metricFields.ratioOf.default(null),
  })
  .superRefine(checkMetricShape);
export type CreateMetricInput = z.infer<typeof createMetricInputSchema>;

export const updateMetricInputSchema = z
  .strictObject({
    description: metricFields.description.optional(),
    eventTypes: metricFields.eventTypes.optional(),
    aggregation: metricFields.aggregation.optional(),
    valueField: metricFields.valueField.optional(),
    dimensions: metricFields.dimensions.optional(),
    defaultGroupBy: metricFields.defaultGroupBy.optional(),
    unit: metricFields.unit.optional(),
    ratioOf: metricFields.ratioOf.optional(),
  })
  .superRefine(checkMetricShape);
export type UpdateMetricInput = z.infer<typeof updateMetricInputSchema>;
