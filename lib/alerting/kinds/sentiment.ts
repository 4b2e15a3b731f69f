import { z } from 'zod';
import { clearsOnSafeSide, comparisonOps, defineKind, holds, type ComparisonOp } from './kind';

/**
 * What a sentiment rule watches: the share of texts scored negative (in percent) or their average score
 * (−1..1). Each needs the matching catalogue metric, see {@link sentimentMetricProblem}.
 */
export const sentimentMeasures = ['negative_share', 'average_score'] as const;
export type SentimentMeasure = (typeof sentimentMeasures)[number];

/** The value field a metric must aggregate (as an average) for each measure. */
export const sentimentMeasureFields: Record<SentimentMeasure, string> = {
  negative_share: 'sentiment.negative',
  average_score: 'sentiment.score',
};

const inRange = (measure: SentimentMeasure, value: number | undefined): boolean =>
  value === undefined ||
  (measure === 'negative_share' ? value >= 0 && value <= 100 : value >= -1 && value <= 1);

export const sentimentParamsSchema = z
  .strictObject({
    measure: z.enum(sentimentMeasures, { error: `measure must be one of ${sentimentMeasures.join(', ')}` }),
    op: z.enum(comparisonOps, { error: `op must be one of ${comparisonOps.join(' ')}` }),
    /** Percent (0..100) for `negative_share`, a score (−1..1) for `average_score`. */
    value: z.number().finite(),
    /** Where a firing series clears (hysteresis). @defaultValue `value` */
    clearValue: z.number().finite().optional(),
    /** Fewer texts than this in the window give no verdict: two angry tickets are not a trend. @defaultValue 5 */
    minTexts: z.number().int().min(1).max(1_000_000).default(5),
    /** The window in minutes ("over 10 minutes"). @defaultValue the rule's window */
    windowMinutes: z.number().int().min(1).max(1440).optional(),
  })
  .refine((p) => inRange(p.measure, p.value), {
    path: ['value'],
    message: 'value is a percent (0..100) for negative_share and a score (-1..1) for average_score',
  })
  .refine((p) => inRange(p.measure, p.clearValue), {
    path: ['clearValue'],
    message: 'clearValue is a percent (0..100) for negative_share and a score (-1..1) for average_score',
  })
  .refine((p) => clearsOnSafeSide(p.op, p.value, p.clearValue), {
    path: ['clearValue'],
    message: 'clearValue must lie on the non-firing side of value',
  });
export type SentimentParams = z.input<typeof sentimentParamsSchema>;

/**
 * Why a metric cannot serve a sentiment rule with this measure, or null when it can: the metric must
 * average the measure's field (`sentiment_negative_share`, `sentiment_score` or one an admin defined).
 */
export function sentimentMetricProblem(
  measure: SentimentMeasure,
  metric: { name: string; aggregation: string; valueField: string | null },
): string | null {
  const field = sentimentMeasureFields[measure];
  if (metric.aggregation === 'avg' && metric.valueField === field) return null;
  return `a ${measure} rule needs a metric averaging ${field}; ${metric.name} is not one`;
}

/** Human reading of a sentiment rule's condition, e.g. `negative share > 40%`. */
export function describeSentimentCondition(
  measure: SentimentMeasure,
  op: ComparisonOp,
  value: number,
): string {
  return measure === 'negative_share' ? `negative share ${op} ${value}%` : `average score ${op} ${value}`;
}

/**
 * Sentiment of texts over a window per series (source, topic…): "negative share above 40% over 10
 * minutes", "average below -0.3". The metric's value is a 0..1 share or a −1..1 score; shares are
 * compared in percent. A window with fewer than `minTexts` texts gives no breach and clears.
 */
export const sentimentKind = defineKind({
  name: 'sentiment',
  params: sentimentParamsSchema,
  windows: (params, { end, windowMs }) => {
    const span = params.windowMinutes === undefined ? windowMs : params.windowMinutes * 60_000;
    return [{ from: end - span, to: end, resolution: 'second' }];
  },
  evaluate(params, [current]) {
    const raw = current?.value ?? null;
    const texts = current?.count ?? 0;
    const value = raw === null ? null : params.measure === 'negative_share' ? raw * 100 : raw;
    const clearThreshold = params.clearValue ?? params.value;
    if (value === null || texts < params.minTexts) {
      return {
        value,
        threshold: params.value,
        clearThreshold,
        breaching: false,
        clear: true,
        detail: { texts },
      };
    }
    return {
      value,
      threshold: params.value,
      clearThreshold,
      breaching: holds(params.op, value, params.value),
      clear: !holds(params.op, value, clearThreshold),
      detail: { texts },
    };
  },
});
