import { z } from 'zod';

/** The Socket.IO contract (DESIGN.md): client events are checked on receipt against these schemas. */
export const metricSubscriptionSchema = z.union([
  z.string().max(64),
  z.object({ name: z.string().max(64), groupBy: z.array(z.string().max(64)).max(6).optional() }),
]);

/**
 * Most series (metric × grouping) one connection watches at once, over all its subscribes; the page
 * subscribes once per chart and never drops one while it lives, so the bound is generous.
 */
export const maxSeriesPerSocket = 500;

export const subscribeSchema = z.object({
  metrics: z.array(metricSubscriptionSchema).max(100).default([]),
  incidents: z.boolean().optional(),
  surges: z.boolean().optional(),
  sentiment: z.boolean().optional(),
});
export type SubscribeInput = z.infer<typeof subscribeSchema>;

/**
 * A `metric` frame: one 1-second bucket of one group, its value so far (a client replaces, never adds).
 * `value` is null when the aggregation has nothing to say yet (an average of no values).
 * `receivedAt`: when this web process received (from the workers, over Redis) the earliest change the
 * frame carries, in epoch ms; clients may ignore it, the socket benchmark measures delivery delay from it.
 */
export const metricFrameSchema = z.object({
  name: z.string(),
  group: z.record(z.string(), z.string()),
  ts: z.iso.datetime(),
  step: z.literal('1s'),
  value: z.number().nullable(),
  receivedAt: z.number(),
});
export type MetricFrame = z.infer<typeof metricFrameSchema>;

/** What a client sends with `subscribe` (before defaults). */
export type SubscribeRequest = z.input<typeof subscribeSchema>;

export type SubscribeAck =
  { ok: true; metrics: { name: string; groupBy: string[] }[] } | { ok: false; error: string };

export type ClientToServerEvents = {
  subscribe: (payload: unknown, ack?: (result: SubscribeAck) => void) => void;
  unsubscribe: (payload: unknown, ack?: (result: SubscribeAck) => void) => void;
};

/** The server's events. Frames other than `metric` are checked by their readers (lib/sentiment/frames.ts…). */
export type ServerToClientEvents = {
  metric: (frame: MetricFrame) => void;
  incident: (incident: Record<string, unknown>) => void;
  surge: (surge: Record<string, unknown>) => void;
  sentiment: (frame: Record<string, unknown>) => void;
};

/** Room of the sockets that subscribed with `incidents: true`. */
export const incidentsRoom = 'incidents';

/** Room of the sockets that subscribed with `surges: true`. */
export const surgesRoom = 'surges';

/** Room of the sockets that subscribed with `sentiment: true` (negative texts as they are stored). */
export const sentimentRoom = 'sentiment';

/** Room of the sockets that watch one metric in one grouping. */
export function metricRoom(name: string, groupBy: readonly string[]): string {
  return `metric:${name}|${[...groupBy].sort().join(',')}`;
}
