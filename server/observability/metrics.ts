import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Counter, Histogram, Registry } from 'prom-client';
import { collectProcessMetrics } from '@/lib/observability/process-metrics';

/** Request durations from a millisecond to ten seconds (the ingest body limit and Redis bound them). */
const requestBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** This web process's registry and the instruments the ingest hot path records into. */
export type WebMetrics = {
  registry: Registry;
  /** Names this process in the cluster exporter's lease. */
  processId: string;
  ingestRequests: Counter<'status'>;
  eventsAccepted: Counter;
  eventsRejected: Counter;
  ingestDuration: Histogram;
};

function createWebMetrics(): WebMetrics {
  const registry = new Registry();
  collectProcessMetrics(registry);
  const registers = [registry];
  return {
    registry,
    processId: `web-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    ingestRequests: new Counter({
      name: 'pulseboard_ingest_requests_total',
      help: 'Ingest requests answered by this web process, by HTTP status.',
      labelNames: ['status'],
      registers,
    }),
    eventsAccepted: new Counter({
      name: 'pulseboard_ingest_events_accepted_total',
      help: 'Events accepted (202) by this web process, duplicates included.',
      registers,
    }),
    eventsRejected: new Counter({
      name: 'pulseboard_ingest_events_rejected_total',
      help: 'Events refused by validation in this web process.',
      registers,
    }),
    ingestDuration: new Histogram({
      name: 'pulseboard_ingest_request_duration_seconds',
      help: 'Ingest requests from the first byte read to the answer, in this web process.',
      buckets: requestBuckets,
      registers,
    }),
  };
}

// On globalThis: the ingest hot path (custom server) and the route handlers (bundled by Next.js) are
// different module instances in one process, and both must see one registry.
const key = Symbol.for('pulseboard.web-metrics');
type Holder = { [key]?: WebMetrics };

export function webMetrics(): WebMetrics {
  const holder = globalThis as Holder;
  holder[key] ??= createWebMetrics();
  return holder[key];
}

/** Records one ingest answer: its status, how many events it took or refused, and how long it took. */
export function recordIngest(status: number, accepted: number, rejected: number, seconds: number): void {
  const m = webMetrics();
  m.ingestRequests.inc({ status });
  if (accepted > 0) m.eventsAccepted.inc(accepted);
  if (rejected > 0) m.eventsRejected.inc(rejected);
  m.ingestDuration.observe(seconds);
}

/** The ingest counters as numbers, for the Pipeline page (the same values `/metrics` exposes). */
export async function ingestCounts(): Promise<{
  accepted: number;
  rejected: number;
  requests: Record<string, number>;
}> {
  const m = webMetrics();
  const [accepted, rejected, requests] = await Promise.all([
    m.eventsAccepted.get(),
    m.eventsRejected.get(),
    m.ingestRequests.get(),
  ]);
  return {
    accepted: accepted.values[0]?.value ?? 0,
    rejected: rejected.values[0]?.value ?? 0,
    requests: Object.fromEntries(requests.values.map((v) => [String(v.labels.status), v.value])),
  };
}
