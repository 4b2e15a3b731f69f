import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { z } from 'zod';
import { PulseboardClient } from '@pulseboard/client';
import { parseEnvOrExit } from '@/lib/env-common';
import { createGenerator, type GeneratorNotice } from './generator';
import { waitForServer } from './send';

/**
 * The demo traffic simulator: `tsx scripts/demo/run.ts`. Generates traffic every 250 ms and posts it
 * through the public ingest API only, with the ingest client (packages/client), like any producer would.
 */

const envSchema = z.object({
  PB_BASE: z.url('PB_BASE must be a URL such as http://127.0.0.1:3000').default('http://127.0.0.1:3000'),
  PULSEBOARD_INGEST_KEY: z
    .string({ error: 'PULSEBOARD_INGEST_KEY is required (the ingest key of the source `default`)' })
    .min(1, 'PULSEBOARD_INGEST_KEY must not be empty'),
  /** Mean events per second at the daily peak. @defaultValue 40 */
  PULSEBOARD_DEMO_RATE: z.coerce
    .number({ error: 'PULSEBOARD_DEMO_RATE must be a number' })
    .positive('PULSEBOARD_DEMO_RATE must be above 0')
    .max(20_000, 'PULSEBOARD_DEMO_RATE must be at most 20000')
    .default(40),
  /** Seed of the traffic model, to replay the same traffic; random per run when absent. */
  PULSEBOARD_DEMO_SEED: z.string().min(1).optional(),
});

const tickMs = 250;
/** Events per request: far below the API's 10,000 events and 5 MB. */
const maxBatch = 2_000;
/** After SIGTERM/SIGINT, how long the in-flight batch and the remainder may take before giving up. */
const shutdownGraceMs = 8_000; // under the usual 10 s before a supervisor's SIGKILL

const env = parseEnvOrExit(envSchema, process.env);
const log = pino({ base: { proc: 'demo' }, level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const base = env.PB_BASE;
  const key = env.PULSEBOARD_INGEST_KEY;
  const rate = env.PULSEBOARD_DEMO_RATE;
  // ids must stay unique across runs for 24 h (the de-duplication horizon)
  const runId = `demo-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const seed = env.PULSEBOARD_DEMO_SEED ?? runId;

  const stopping = new AbortController(); // stop generating; send what is buffered
  let abandon = (): void => {}; // give up on what is buffered and in flight too
  let firstSignalAt = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      log.info({ signal: name }, 'stopping: flushing the buffered events');
      stopping.abort();
      setTimeout(() => abandon(), shutdownGraceMs).unref();
    } else if (Date.now() - firstSignalAt > 1000) {
      // within a second it is the same signal again: Ctrl-C reaches the whole process group and tsx relays it
      log.warn({ signal: name }, 'second signal: stopping now');
      abandon();
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  log.info({ base, rate, runId, seed }, 'demo simulator starting');
  const up = await waitForServer(fetch, base, {
    signal: stopping.signal,
    onWaiting: (why, attempt) => {
      if (attempt === 1 || attempt % 30 === 0) log.info({ why, attempt }, 'waiting for the server');
    },
  });
  if (!up) {
    log.info('stopped before the server answered');
    return;
  }
  log.info({ base }, 'server is up; sending traffic');

  const generator = createGenerator({ seed, rate, now: Date.now(), runId });
  const totals = { sent: 0, rejected: 0, retries: 0, dropped: 0 };
  let minute = { ...totals, firstRejection: undefined as string | undefined };
  // Retries until stopped: the server coming back after minutes is normal for a demo. A full buffer means
  // the server has been refusing for minutes: the newest traffic is dropped and counted.
  const client = new PulseboardClient({
    url: base,
    key,
    maxBatchEvents: maxBatch,
    flushIntervalMs: tickMs,
    maxBufferEvents: Math.max(20_000, Math.round(rate * 120)),
    retry: { maxAttempts: Infinity, maxDelayMs: 10_000 },
    timeoutMs: 15_000,
    onResult: ({ accepted, rejected }) => {
      minute.sent += accepted;
      minute.rejected += rejected.length;
      const first = rejected[0];
      if (first) minute.firstRejection ??= `${first.field}: ${first.message}`;
    },
    onRetry: ({ reason, waitMs, attempt, events }) => {
      minute.retries++;
      log.debug({ reason, waitMs, attempt, events }, 'resending batch');
    },
    onError: (error) => {
      if (error.code === 'aborted') {
        minute.dropped += error.events;
        return;
      }
      minute.rejected += error.events;
      minute.firstRejection ??= error.message;
      const context = { status: error.status, message: error.message, events: error.events };
      if (error.status === 401 || error.status === 403) {
        log.error(
          context,
          'ingest key refused: check PULSEBOARD_INGEST_KEY (the key of the source `default`)',
        );
      } else {
        log.error(context, 'batch refused');
      }
    },
  });
  abandon = () => {
    minute.dropped += client.abort();
  };

  let last = Date.now();
  const generate = (): void => {
    const now = Date.now();
    for (const event of generator.tick(now, now - last)) if (!client.trySend(event)) minute.dropped++;
    last = now;
    for (const notice of generator.drainNotices()) logNotice(notice);
  };
  const report = (): void => {
    const { firstRejection, ...counts } = minute;
    log.info(
      {
        ...counts,
        buffered: client.buffered,
        incident: generator.incident?.kind ?? null,
        firstRejection,
      },
      'demo traffic, last minute',
    );
    for (const k of ['sent', 'rejected', 'retries', 'dropped'] as const) totals[k] += minute[k];
    minute = { sent: 0, rejected: 0, retries: 0, dropped: 0, firstRejection: undefined };
  };

  const generating = setInterval(generate, tickMs);
  const reporting = setInterval(report, 60_000);
  try {
    await new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve()));
    clearInterval(generating);
    generate(); // the last partial tick
    await client.close().catch(() => {}); // failures went to onError
  } finally {
    clearInterval(generating);
    clearInterval(reporting);
  }
  report();
  log.info({ ...totals }, 'demo simulator stopped');

  function logNotice(notice: GeneratorNotice): void {
    if (notice.kind === 'deploy') {
      log.info({ service: notice.service, version: notice.version }, 'deploy event');
      return;
    }
    const { kind, target, startMs, endMs } = notice.incident;
    const verb = notice.kind === 'incident_started' ? 'started' : 'ended';
    log.info(
      { incident: kind, target, from: new Date(startMs).toISOString(), until: new Date(endMs).toISOString() },
      `injected incident ${verb}`,
    );
  }
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    log.fatal({ err: error }, 'demo simulator crashed');
    process.exitCode = 1;
  },
);
