import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { FramePublisher } from '@/lib/pubsub';
import { redisOf } from '@/lib/queues';
import { bullConnection } from '@/lib/redis';
import type { Sql } from '@/db/client';
import { ingestPartitionNames, pointsChannel } from '@/lib/redis-names';
import { cappedExponentialBackoff, jobCatalogue, type IngestBatchJob } from '@/contracts/jobs';
import { ingestLimits } from '@/core/services/events/schemas';
import { Batcher } from './ingest/batcher';
import { JobBudget } from './ingest/job-budget';
import { KeyMemory } from './ingest/key-memory';
import { unpackIngestJob } from '@/contracts/packed-job';
import { processBatch, type BatchOutcome } from './ingest/process-batch';
import { metricCatalogue } from './metric-catalogue';
import { workerMetrics } from './metrics';
import { encodePoints } from '@/lib/metrics/frames';
import { sentimentChannel, type SentimentFrame } from '@/lib/sentiment/frames';

export type IngestWorkerOptions = {
  sql: Sql;
  /** Publishes updated points and negative texts for the web processes' live frames (lib/pubsub.ts). */
  publisher: FramePublisher;
  redisUrl: string;
  prefix: string;
  latenessMs: number;
  /** PULSEBOARD_INGEST_PARTITIONS: the ingest queues there are (web and workers agree). @defaultValue 1 */
  partitions?: number;
  /** PULSEBOARD_INGEST_PARTITION_SET: the partitions this process takes jobs from. @defaultValue all */
  partitionSet?: readonly number[];
  /** Jobs the process takes at once, shared out over the partitions it takes. @defaultValue 256 */
  concurrency?: number;
  /** @defaultValue 20 */
  flushMs?: number;
  /** Flushes (transactions) one worker process runs at once. @defaultValue 2 */
  flushConcurrency?: number;
  /** A flush starts once this many events wait. @defaultValue 10000 */
  flushMaxEvents?: number;
  /**
   * Payload bytes (as stored in Redis) of the ingest jobs this process holds at once; a job waits for room
   * before it is unpacked, and fewer jobs are fetched while there is none (job-budget.ts).
   * @defaultValue 8388608 (8 MiB)
   */
  maxJobBytes?: number;
  /** Lock of an active job; a crashed worker's jobs are taken over after it. @defaultValue 30000 */
  lockMs?: number;
  /** Called after each stored flush (tests and pipeline statistics). */
  onFlush?: (outcome: BatchOutcome) => void;
};

/**
 * The web process built the payload from events it validated one by one, so a structural check is enough
 * here (a full zod pass would cost the hot path about as much again); anything malformed fails for good.
 */
export function ingestPayload(data: unknown): IngestBatchJob {
  const d = data as Partial<IngestBatchJob> | null;
  const ok =
    d !== null &&
    typeof d === 'object' &&
    typeof d.source === 'string' &&
    typeof d.receivedAt === 'number' &&
    typeof d.backfill === 'boolean' &&
    Array.isArray(d.events) &&
    d.events.every(
      (e) => typeof e?.id === 'string' && typeof e.type === 'string' && typeof e.ts === 'number',
    );
  if (ok) return d as IngestBatchJob;
  const parsed = jobCatalogue.ingest.batch.safeParse(data);
  throw new UnrecoverableError(`malformed ingest job: ${parsed.error?.message ?? 'unexpected shape'}`);
}

/**
 * The requests a job carries: the web process's `requests` jobs (one per event-loop turn, in columns) and
 * `batch` jobs (one request; queued by an earlier version or by tests). Malformed: failed for good.
 */
export function ingestPayloads(name: string, data: unknown): IngestBatchJob[] {
  if (name !== 'requests') return [ingestPayload(data)];
  const jobs = unpackIngestJob(data);
  if (jobs) return jobs;
  const parsed = jobCatalogue.ingest.requests.safeParse(data);
  throw new UnrecoverableError(`malformed ingest job: ${parsed.error?.message ?? 'unexpected shape'}`);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The ingest queue's worker: jobs are validated on receipt and flushed together, one transaction each. */
export function startIngestWorker(options: IngestWorkerOptions) {
  const metrics = metricCatalogue(options.sql);
  const keys = new KeyMemory();
  const { queueWait } = workerMetrics();
  /** Counts and publishes what a flush committed (all of it, or the part before a failure). */
  const report = async (outcome: BatchOutcome): Promise<void> => {
    options.onFlush?.(outcome);
    if (outcome.points.length > 0) {
      await options.publisher
        .publish(pointsChannel(options.prefix), encodePoints(outcome.points))
        .catch(() => {}); // live frames are best effort: the database already has the points
    }
    if (outcome.negativeTexts.length > 0) {
      const frame: SentimentFrame = { ts: new Date().toISOString(), texts: outcome.negativeTexts };
      await options.publisher
        .publish(sentimentChannel(options.prefix), JSON.stringify(frame))
        .catch(() => {}); // best effort too: the texts are stored with their events
    }
  };
  const store = async (jobs: IngestBatchJob[], onWaiting?: () => void): Promise<BatchOutcome> => {
    const outcome = await processBatch(options.sql, jobs, {
      latenessMs: options.latenessMs,
      metrics: await metrics(),
      keys,
      onPartial: (committed) => void report(committed),
      onWaiting,
    });
    await report(outcome);
    return outcome;
  };
  const batcher = new Batcher<IngestBatchJob>(
    async (jobs, release) => {
      try {
        await store(jobs, release);
        return jobs.map(() => null);
      } catch (error) {
        if (jobs.length === 1) return [asError(error)];
        // One bad job must not hold back the others: store them one by one so only it fails and retries.
        const outcomes: (Error | null)[] = [];
        for (const job of jobs) outcomes.push(await store([job]).then(() => null, asError));
        return outcomes;
      }
    },
    {
      maxWaitMs: options.flushMs ?? 20,
      maxSize: options.flushMaxEvents ?? 10_000,
      sizeOf: (job) => job.events.length,
      concurrency: options.flushConcurrency ?? 2,
    },
  );
  const maxConcurrency = options.concurrency ?? 256;
  // Until jobs are seen, assume the biggest a request may make, so the first fetches cannot overrun.
  let averageBytes = ingestLimits.maxBodyBytes;
  let seenJobs = 0;
  const names = ingestPartitionNames(options.prefix, options.partitions ?? 1);
  const taken = options.partitionSet ? names.filter((p) => options.partitionSet?.includes(p.index)) : names;
  const workers: Worker[] = [];
  /**
   * BullMQ fetches (and parses) jobs while fewer than `concurrency` are running: the process's fetching is
   * kept at the jobs held or waiting for room plus as many as the room left would hold at the average job
   * size, so jobs do not pile up parsed in memory while they wait for the budget; it is shared out over
   * the partitions taken (each keeps one fetch going).
   */
  const fetching = () => {
    const more = budget.room > 0 ? Math.max(1, Math.floor(budget.room / averageBytes)) : 0;
    const total = Math.min(maxConcurrency, Math.max(1, budget.jobs + more));
    return Math.max(1, Math.ceil(total / Math.max(1, taken.length)));
  };
  const tuneFetching = () => {
    const each = fetching();
    for (const w of workers) w.concurrency = each;
  };
  const budget = new JobBudget(options.maxJobBytes ?? 8 << 20, tuneFetching);
  const processJob = (worker: () => Worker) => async (job: Job) => {
    // A retry's wait would count its backoff too: only a job's first take is a queue wait.
    if (job.attemptsMade === 0) queueWait.observe(Math.max(0, Date.now() - job.timestamp) / 1000);
    // The stored payload's length, as the web's backlog budget counts it (core/services/events/backlog.ts).
    const client = await redisOf(worker());
    const bytes = await client.hstrlen(worker().toKey(job.id ?? ''), 'data');
    averageBytes = seenJobs++ === 0 ? bytes : averageBytes * 0.9 + bytes * 0.1;
    const release = await budget.acquire(bytes);
    try {
      const requests = ingestPayloads(job.name, job.data);
      // Each request is flushed as before, so one that fails holds back only its own job; the job retries
      // (its stored requests then find their keys taken) once all of them have settled.
      const outcomes = await Promise.allSettled(requests.map((r) => batcher.add(r)));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw asError(failed.reason);
    } finally {
      release();
    }
  };
  // Every partition's jobs feed the one batcher and the one byte budget, so a flush still gathers events
  // from all of them and the process holds no more than its budget whatever the partitions.
  for (const partition of taken) {
    const worker: Worker = new Worker(
      partition.name,
      processJob(() => worker),
      {
        connection: bullConnection(options.redisUrl, { maxRetriesPerRequest: null }),
        prefix: partition.prefix,
        // Recorded on each job it takes (`processedBy`): shows which process holds a job.
        name: `ingest-${process.pid}`,
        concurrency: fetching(),
        lockDuration: options.lockMs ?? 30_000,
        stalledInterval: options.lockMs ?? 30_000,
        // A job is never abandoned for stalling: its events were promised by a 202.
        maxStalledCount: 1_000,
        settings: { backoffStrategy: (attemptsMade: number) => cappedExponentialBackoff(attemptsMade) },
      },
    );
    workers.push(worker);
  }
  return {
    /** One BullMQ worker per partition taken, competing with other processes' for the same jobs. */
    workers,
    /** The payload bytes this process holds (tests, statistics). */
    budget,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await batcher.drain();
    },
  };
}
