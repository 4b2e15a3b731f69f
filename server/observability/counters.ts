/**
 * Process counters for GET /metrics. Kept on globalThis: the ingest hot path (custom server) and the
 * route handlers (bundled by Next.js) are different module instances in one process.
 */
type Counters = {
  ingestRequests: Map<number, number>;
  eventsAccepted: number;
  eventsRejected: number;
};

const key = Symbol.for('pulseboard.counters');
type Holder = { [key]?: Counters };

export function counters(): Counters {
  const holder = globalThis as Holder;
  holder[key] ??= { ingestRequests: new Map(), eventsAccepted: 0, eventsRejected: 0 };
  return holder[key];
}

/** Records one ingest answer: its status and how many events it took or refused. */
export function countIngest(status: number, accepted: number, rejected: number): void {
  const c = counters();
  c.ingestRequests.set(status, (c.ingestRequests.get(status) ?? 0) + 1);
  c.eventsAccepted += accepted;
  c.eventsRejected += rejected;
}
