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

export type MetricFrame = {
  name: string;
  group: Record<string, string>;
  ts: string;
  step: '1s';
  value: number | null;
  /**
   * When this web process received (from the workers, over Redis) the earliest change the frame carries,
   * in epoch ms. Optional for clients; the socket benchmark measures delivery delay from it.
   */
  receivedAt: number;
};

export type SubscribeAck =
  { ok: true; metrics: { name: string; groupBy: string[] }[] } | { ok: false; error: string };

export type ClientToServerEvents = {
  subscribe: (payload: unknown, ack?: (result: SubscribeAck) => void) => void;
  unsubscribe: (payload: unknown, ack?: (result: SubscribeAck) => void) => void;
};

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
