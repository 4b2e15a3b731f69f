import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { z } from 'zod';
import { parseEnvOrExit } from '@/lib/env-common';
import { createGenerator, type DemoEvent, type GeneratorNotice } from './generator';
import { sendWithRetry, sleep, waitForServer, type SendResult } from './send';

/**
 * The demo traffic simulator: `tsx scripts/demo/run.ts`. Generates traffic every 250 ms and posts what
 * accumulated through the public ingest API only, like any producer would.
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

  const stopping = new AbortController(); // stop generating; finish what is in flight
  const abandon = new AbortController(); // give up on the in-flight request too
  let firstSignalAt = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      log.info({ signal: name }, 'stopping: flushing the in-flight batch');
      stopping.abort();
      setTimeout(() => abandon.abort(), shutdownGraceMs).unref();
    } else if (Date.now() - firstSignalAt > 1000) {
      // within a second it is the same signal again: Ctrl-C reaches the whole process group and tsx relays it
      log.warn({ signal: name }, 'second signal: stopping now');
      abandon.abort();
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
  const maxBuffered = Math.max(20_000, Math.round(rate * 120));
  let buffer: DemoEvent[] = [];
  const totals = { sent: 0, rejected: 0, retries: 0, dropped: 0 };
  let minute = { ...totals, firstRejection: undefined as string | undefined };

  let last = Date.now();
  const generate = (): void => {
    const now = Date.now();
    for (const event of generator.tick(now, now - last)) buffer.push(event);
    last = now;
    for (const notice of generator.drainNotices()) logNotice(notice);
    if (buffer.length > maxBuffered) {
      // the server has been refusing for minutes: keep the newest traffic, count what is lost
      const excess = buffer.length - maxBuffered;
      buffer = buffer.slice(excess);
      minute.dropped += excess;
    }
  };
  const report = (): void => {
    const { firstRejection, ...counts } = minute;
    log.info(
      { ...counts, buffered: buffer.length, incident: generator.incident?.kind ?? null, firstRejection },
      'demo traffic, last minute',
    );
    for (const k of ['sent', 'rejected', 'retries', 'dropped'] as const) totals[k] += minute[k];
    minute = { sent: 0, rejected: 0, retries: 0, dropped: 0, firstRejection: undefined };
  };

  const deliver = async (batch: DemoEvent[], signal: AbortSignal): Promise<void> => {
    const result: SendResult = await sendWithRetry(fetch, base, key, batch, {
      signal,
      onRetry: ({ reason, waitMs, attempt }) => {
        minute.retries++;
        const context = { reason, waitMs, attempt, events: batch.length };
        if (/^40[13]:/.test(reason)) {
          log.error(
            context,
            'ingest key refused: check PULSEBOARD_INGEST_KEY (the key of the source `default`)',
          );
        } else {
          log.debug(context, 'resending batch');
        }
      },
    });
    if (result.outcome === 'accepted') {
      minute.sent += result.accepted;
      minute.rejected += result.rejected.length;
      const first = result.rejected[0];
      if (first) minute.firstRejection ??= `${first.field}: ${first.message}`;
    } else if (result.outcome === 'refused') {
      if (result.status === 413 && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await deliver(batch.slice(0, half), signal);
        await deliver(batch.slice(half), signal);
        return;
      }
      minute.rejected += batch.length;
      minute.firstRejection ??= `${result.status}: ${result.message}`;
      log.error({ status: result.status, message: result.message, events: batch.length }, 'batch refused');
    } else {
      minute.dropped += batch.length;
    }
  };

  const generating = setInterval(generate, tickMs);
  const reporting = setInterval(report, 60_000);
  try {
    while (!stopping.signal.aborted) {
      const started = Date.now();
      if (buffer.length > 0) await deliver(buffer.splice(0, maxBatch), abandon.signal);
      await sleep(Math.max(0, tickMs - (Date.now() - started)), stopping.signal);
    }
    clearInterval(generating);
    generate(); // the last partial tick
    while (buffer.length > 0 && !abandon.signal.aborted) {
      await deliver(buffer.splice(0, maxBatch), abandon.signal);
    }
    minute.dropped += buffer.length;
    buffer = [];
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
