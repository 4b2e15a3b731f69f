import { z } from 'zod';
import { clearsOnSafeSide, comparisonOps, defineKind, holds } from './kind';

const dayMs = 86_400_000;

export const rateOfChangeParamsSchema = z
  .strictObject({
    compare: z.enum(['previous_window', 'same_time_yesterday']),
    op: z.enum(comparisonOps, { error: `op must be one of ${comparisonOps.join(' ')}` }),
    /** Change in percent of the compared window's value: 50 is a rise by half, -50 a fall by half. */
    percent: z.number().finite(),
    /** Where a firing series clears (hysteresis). @defaultValue `percent` */
    clearPercent: z.number().finite().optional(),
  })
  .refine((p) => clearsOnSafeSide(p.op, p.percent, p.clearPercent), {
    path: ['clearPercent'],
    message: 'clearPercent must lie on the non-firing side of percent',
  });
export type RateOfChangeParams = z.infer<typeof rateOfChangeParamsSchema>;

/**
 * The window's value against the window before it or the same window a day earlier, in percent.
 * A compared value of zero gives no percentage, so no breach.
 */
export const rateOfChangeKind = defineKind({
  name: 'rate_of_change',
  params: rateOfChangeParamsSchema,
  windows(params, { end, windowMs }) {
    const shift = params.compare === 'previous_window' ? windowMs : dayMs;
    return [
      { from: end - windowMs, to: end, resolution: 'second' },
      { from: end - shift - windowMs, to: end - shift, resolution: 'second' },
    ];
  },
  evaluate(params, [current, compared]) {
    const now = current?.value ?? null;
    const before = compared?.value ?? null;
    const clearThreshold = params.clearPercent ?? params.percent;
    if (now === null || before === null || before === 0) {
      return { value: null, threshold: params.percent, clearThreshold, breaching: false, clear: true };
    }
    const change = ((now - before) / Math.abs(before)) * 100;
    return {
      value: change,
      threshold: params.percent,
      clearThreshold,
      breaching: holds(params.op, change, params.percent),
      clear: !holds(params.op, change, clearThreshold),
      detail: { current: now, compared: before },
    };
  },
});
