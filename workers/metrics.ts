import { Counter, Histogram, Registry } from 'prom-client';
import { collectProcessMetrics } from '@/lib/observability/process-metrics';

/** From a millisecond to a minute: flushes, sends and waits in a queue that is keeping up, and ones that are not. */
const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Breach to notification also counts the rules tick, queues, rate limits and retries: up to ten minutes. */
const notifyBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** This worker process's registry and what its ingest and notify workers record into. */
export type WorkerMetrics = {
  registry: Registry;
  flushDuration: Histogram;
  queueWait: Histogram;
  eventsStored: Counter;
  eventsDuplicates: Counter;
  eventsLate: Counter;
  deliveryDuration: Histogram<'channel_type' | 'outcome'>;
  breachToNotification: Histogram<'channel_type'>;
  ruleEvaluationFailures: Counter<'kind'>;
};

function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectProcessMetrics(registry);
  const registers = [registry];
  return {
    registry,
    flushDuration: new Histogram({
      name: 'pulseboard_ingest_flush_duration_seconds',
      help: 'One ingest flush (its transactions, committed or failed) in this worker process.',
      buckets,
      registers,
    }),
    queueWait: new Histogram({
      name: 'pulseboard_ingest_queue_wait_seconds',
      help: 'From an ingest job being queued to this worker process first taking it.',
      buckets,
      registers,
    }),
    eventsStored: new Counter({
      name: 'pulseboard_ingest_events_stored_total',
      help: 'Events stored once each (their de-duplication key claimed) by this worker process.',
      registers,
    }),
    eventsDuplicates: new Counter({
      name: 'pulseboard_ingest_events_duplicates_total',
      help: 'Events dropped as repeats of a key already stored, by this worker process.',
      registers,
    }),
    eventsLate: new Counter({
      name: 'pulseboard_ingest_events_late_total',
      help: 'Events stored past the allowed lateness (late_events), by this worker process.',
      registers,
    }),
    deliveryDuration: new Histogram({
      name: 'pulseboard_notification_delivery_duration_seconds',
      help: 'One send attempt of a notification, by channel type and the delivery status it led to.',
      labelNames: ['channel_type', 'outcome'],
      buckets,
      registers,
    }),
    breachToNotification: new Histogram({
      name: 'pulseboard_breach_to_notification_seconds',
      help: "From a rule's breach opening (or reopening) an incident to its trigger notification sent, by channel type.",
      labelNames: ['channel_type'],
      buckets: notifyBuckets,
      registers,
    }),
    ruleEvaluationFailures: new Counter({
      name: 'pulseboard_rule_evaluation_failures_total',
      help: 'Evaluations of one rule (kind="rule") or surge rule (kind="surge") that failed in this worker process; the rule does not fire meanwhile.',
      labelNames: ['kind'],
      registers,
    }),
  };
}

let metrics: WorkerMetrics | undefined;

/** The worker process's metrics, created on first use (the web process imports some worker modules). */
export function workerMetrics(): WorkerMetrics {
  metrics ??= createWorkerMetrics();
  return metrics;
}
