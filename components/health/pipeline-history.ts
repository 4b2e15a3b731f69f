import type { PipelineHealth } from '@/contracts/responses/system';

/** One poll, reduced to the numbers the tiles plot. */
export type PipelineSample = {
  at: number;
  /** Events accepted per second since the previous sample (this web process); null for the first. */
  ingestRate: number | null;
  rejectedRate: number | null;
  backlog: number;
  oldestJobMs: number;
  commitMs: number | null;
  newestPointMs: number | null;
  duplicates: number;
  late: number;
  workers: number;
  maxBeatMs: number;
  notificationFailures: number;
};

/** Samples kept for the sparklines: 5 minutes at one poll every 2 s. */
export const historyLimit = 150;

/** Appends a poll to the history (a repeated poll is ignored); rates come from counter deltas. */
export function appendSample(
  history: readonly PipelineSample[],
  health: PipelineHealth,
  previous: PipelineHealth | null,
): PipelineSample[] {
  const at = Date.parse(health.at);
  const last = history[history.length - 1];
  if (last && last.at >= at) return history as PipelineSample[];
  const seconds = previous ? (at - Date.parse(previous.at)) / 1000 : 0;
  // A restarted web process resets its counters: a negative delta is not a rate.
  const rate = (now: number, before: number | undefined) =>
    previous && seconds > 0 && before !== undefined && now >= before ? (now - before) / seconds : null;
  const ingest = health.queues.find((q) => q.name === 'ingest');
  const sample: PipelineSample = {
    at,
    ingestRate: rate(health.web.accepted, previous?.web.accepted),
    rejectedRate: rate(health.web.rejected, previous?.web.rejected),
    backlog: ingest ? ingest.waiting + ingest.active : 0,
    oldestJobMs: Math.max(0, ...health.queues.map((q) => q.oldestWaitingMs ?? 0)),
    commitMs: health.database.commitMs,
    newestPointMs: health.database.newestPointMs,
    duplicates: health.recent.duplicates,
    late: health.recent.late,
    workers: health.workers.length,
    maxBeatMs: Math.max(0, ...health.workers.map((w) => w.lastBeatMs)),
    notificationFailures: health.notifications.failedLastHour + health.notifications.deadLastHour,
  };
  return [...history, sample].slice(-historyLimit);
}

/** `[time, value]` pairs of one field, nulls left out. */
export function sparkOf(
  history: readonly PipelineSample[],
  pick: (s: PipelineSample) => number | null,
): [number, number][] {
  const out: [number, number][] = [];
  for (const s of history) {
    const v = pick(s);
    if (v !== null) out.push([s.at, v]);
  }
  return out;
}
