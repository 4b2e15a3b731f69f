import { z } from 'zod';
import { clearsOnSafeSide, comparisonOps, defineKind, holds } from './kind';

export const thresholdParamsSchema = z
  .strictObject({
    op: z.enum(comparisonOps, { error: `op must be one of ${comparisonOps.join(' ')}` }),
    value: z.number().finite(),
    /** Where a firing series clears (hysteresis). @defaultValue `value` */
    clearValue: z.number().finite().optional(),
  })
  .refine((p) => clearsOnSafeSide(p.op, p.value, p.clearValue), {
    path: ['clearValue'],
    message: 'clearValue must lie on the non-firing side of value',
  });
export type ThresholdParams = z.infer<typeof thresholdParamsSchema>;

/** The window's aggregate of the metric against a value: `errors > 50 in 5m, clear at 30`. */
export const thresholdKind = defineKind({
  name: 'threshold',
  params: thresholdParamsSchema,
  windows: (_params, { end, windowMs }) => [{ from: end - windowMs, to: end, resolution: 'second' }],
  evaluate(params, [current]) {
    const value = current?.value ?? null;
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
