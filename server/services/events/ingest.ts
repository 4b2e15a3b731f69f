import type { Queue } from 'bullmq';
import { ingestJobOptions, type IngestBatchJob } from '@/workers/catalogue';
import type { IngestKey } from '@/server/auth/ingest-keys';
import { TooManyRequestsError, UnavailableError, ValidationError } from '@/server/errors';
import { cleanEvents } from './clean';
import type { IngestResponse } from './schemas';

export type IngestContext = {
  key: IngestKey;
  queue: Queue;
  /** Waiting ingest jobs past which new requests get 429. */
  maxBacklog: number;
  maxSkewMs: number;
};

let backlog = { value: 0, readAt: 0 };

/** The ingest queue's waiting jobs, read at most every 250 ms so the hot path does not pay for it. */
async function waitingJobs(queue: Queue): Promise<number> {
  const now = Date.now();
  if (now - backlog.readAt > 250) backlog = { value: await queue.getWaitingCount(), readAt: now };
  return backlog.value;
}

/**
 * Cleans a request's events and enqueues the valid ones as one job. The 202 is sent only after Redis has
 * the job: that is the durability promise README describes.
 */
export async function ingestEvents({
  ctx,
  input,
}: {
  ctx: IngestContext;
  input: { events: unknown[]; receivedAt: number };
}): Promise<IngestResponse> {
  const { events, rejected } = cleanEvents(input.events, {
    source: ctx.key.source,
    receivedAt: input.receivedAt,
    maxSkewMs: ctx.maxSkewMs,
  });
  if (events.length === 0) {
    const first = rejected[0];
    const error = new ValidationError(
      first ? `no usable event: events[${first.index}].${first.field}: ${first.message}` : 'no usable event',
      first?.field,
    );
    throw Object.assign(error, { rejected });
  }
  let waiting: number;
  try {
    waiting = await waitingJobs(ctx.queue);
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  if (waiting > ctx.maxBacklog) {
    throw new TooManyRequestsError(`ingest backlog is over ${ctx.maxBacklog} batches; retry shortly`, 2);
  }
  const payload: IngestBatchJob = {
    source: ctx.key.source,
    keyId: ctx.key.id,
    backfill: ctx.key.canBackfill,
    receivedAt: input.receivedAt,
    events,
  };
  try {
    await ctx.queue.add('batch', payload, ingestJobOptions);
  } catch {
    throw new UnavailableError('the event queue is unavailable; retry shortly', 5);
  }
  return { accepted: events.length, rejected };
}
