import { z } from 'zod';
import { defineKind } from './kind';

/** How far back a series must have had data to be missed when it goes quiet. */
const discoveryMs = 3_600_000;

export const noDataParamsSchema = z.strictObject({
  /** Only events of this type count (the metric must be stored by `type`); absent: any event. */
  eventType: z.string().trim().min(1).max(128).optional(),
  /** Seconds without a single event before the series breaches. */
  for: z.number().int().min(10).max(86_400),
});
export type NoDataParams = z.infer<typeof noDataParamsSchema>;

/**
 * No events for `for` seconds. Series are those with data in the hour before, so a zone that goes
 * quiet is missed even though it has no points of its own in the window any more.
 */
export const noDataKind = defineKind({
  name: 'no_data',
  params: noDataParamsSchema,
  filter: (params): Record<string, string> => (params.eventType ? { type: params.eventType } : {}),
  windows(params, { end }) {
    const forMs = params.for * 1000;
    return [
      { from: end - forMs, to: end, resolution: 'second' },
      { from: end - forMs - discoveryMs, to: end - forMs, resolution: 'minute' },
    ];
  },
  evaluate(_params, [current]) {
    const count = current?.count ?? 0;
    return { value: count, threshold: 0, breaching: count === 0, clear: count > 0 };
  },
});
