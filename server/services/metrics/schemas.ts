import { z } from 'zod';

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

export const seriesQuerySchema = z.object({
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO-8601 date-time' }),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO-8601 date-time' }),
  step: z.enum(steps, { error: `step must be one of ${steps.join(' ')}` }).optional(),
  group: dimensionList.optional(),
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

export const windows = ['1m', '5m', '15m', '1h'] as const;
export const windowSeconds: Record<(typeof windows)[number], number> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '1h': 3600,
};
export const currentQuerySchema = z.object({
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
