import { z } from 'zod';
import { clearsOnSafeSide, comparisonOps, defineKind, holds } from './kind';

export const thresholdParamsSchema = z
  .strictObject({
    op: z.enum(comparisonOps, { error: `op must be one of ${comparisonOps.join(' ')}` }),
    value: z.number().finite(),
    /** Where a firing series clears (hysteresis). @defaultValue `value` */
    clearValue: z.number().finite().optional(),
    /**
     * Judges a window only when it holds at least this many events (for a ratio, of its denominator):
     * one failure among a quiet endpoint's first three requests is not a 33% error rate worth a page.
     * Fewer reads as no value, which also clears a firing series. @defaultValue none: every window
     */
    minCount: z
      .number({ error: 'minCount must be a whole number of events' })
      .int('minCount must be a whole number of events')
      .min(1, 'minCount must be at least 1')
      .max(1_000_000_000, 'minCount must be at most 1000000000')
      .optional(),
  })
  .refine((p) => clearsOnSafeSide(p.op, p.value, p.clearValue), {
    path: ['clearValue'],
    message: 'clearValue must lie on the non-firing side of value',
  });
export type ThresholdParams = z.infer<typeof thresholdParamsSchema>;

/**
 * The window's aggregate of the metric against a value: `errors > 50 in 5m, clear at 30`, optionally
 * only over windows with `minCount` events.
 */
export const thresholdKind = defineKind({
  name: 'threshold',
  params: thresholdParamsSchema,
  windows: (_params, { end, windowMs }) => [{ from: end - windowMs, to: end, resolution: 'second' }],
  evaluate(params, [current]) {
    const tooFew = params.minCount !== undefined && (current?.count ?? 0) < params.minCount;
    const value = tooFew ? null : (current?.value ?? null);
    const clearThreshold = params.clearValue ?? params.value;
    if (value === null)
      return { value, threshold: params.value, clearThreshold, breaching: false, clear: true };
    return {
      value,
      threshold: params.value,
      clearThreshold,
      breaching: holds(params.op, value, params.value),
      clear: !holds(params.op, value, clearThreshold),
    };
  },
});
