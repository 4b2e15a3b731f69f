// The ingest worker alone: fills the ingest queue of a fresh database with packed jobs shaped like the
// HTTP bench's (100-event requests, 5 of each re-sending earlier events, 10 requests per job), then times
// one in-process worker draining it. No web process or load generator shares the cores, so worker
// changes show with less noise than in `npm run bench`.
//   npx tsx bench/worker-drain.ts            (JOBS=400: 380,000 unique events)
//   PROF=/tmp/drain.cpuprofile npx tsx bench/worker-drain.ts   (a CPU profile of the drain only)
//   PREFILL=5000000 BENCH_IDS=random npx tsx bench/worker-drain.ts   (into a database that already holds
//   that many events over 24 h and their keys, bench/prefill.ts)
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { metrics } from '@/db/schema/metrics';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { queueNames } from '@/lib/redis-names';
import { sentimentMetrics } from '@/lib/sentiment/metrics';
import { starterMetrics } from '@/server/bootstrap';
import { createTestDatabase } from '@/test/db';
import { ingestJobOptions, type IngestBatchJob } from '@/contracts/jobs';
import { startIngestWorker } from '@/workers/ingest';
import { packIngestJobs } from '@/contracts/packed-job';
import { prefillDatabase } from './prefill';
import { cpuSeconds } from './lib';
import { eventJson, requestEventNumbers } from './ingest';

const jobs = Number(process.env.JOBS ?? 400);
const redisUrl = process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379';
const tdb = await createTestDatabase();
await tdb.db
  .insert(metrics)
  .values(builtInMetrics.map((m) => ({ ...m, builtIn: true })))
  .onConflictDoNothing();
await tdb.db
  .insert(metrics)
  .values([...starterMetrics, ...sentimentMetrics])
  .onConflictDoNothing();
const prefill = Number(process.env.PREFILL ?? 0);
if (prefill > 0) {
  const p = await prefillDatabase(tdb.sql, { events: prefill, horizonHours: 24 });
  console.log(`prefilled ${prefill} events and keys in ${p.seconds.toFixed(0)} s`);
}
const prefix = `pbdrain${process.pid}`;
const queue = new Queue(queueNames.ingest, { connection: { url: redisUrl }, prefix });

// Each request in a millisecond of its own, its events taking it as `ts`, as rawCopy in ingest.ts writes
// them (one timestamp for all would make the time indexes a fifth cheaper than a running system's).
const firstRequestAt = Date.now() - jobs * 10;
let unique = 0;
for (let j = 0; j < jobs; j++) {
  const requests: IngestBatchJob[] = [];
  for (let r = 0; r < 10; r++) {
    const first = unique;
    unique += 95;
    const receivedAt = firstRequestAt + j * 10 + r;
    const events = requestEventNumbers(first).map((n) => ({
      ...(JSON.parse(eventJson('drain', n)) as object),
      ts: receivedAt,
    }));
    requests.push({
      source: 'default',
      keyId: 'bench',
      backfill: false,
      receivedAt,
      events,
    } as IngestBatchJob);
  }
  await queue.add('requests', packIngestJobs(requests), ingestJobOptions);
}

/** CPU seconds of this database's PostgreSQL backends so far. */
async function postgresCpu(): Promise<number> {
  const rows = await tdb.sql<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
  return rows.reduce((sum, { pid }) => sum + (cpuSeconds(pid) ?? 0), 0);
}

await tdb.sql`checkpoint`;
const publisher = new Redis(redisUrl);
const session = new Session();
if (process.env.PROF) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpuBefore = process.cpuUsage();
const postgresBefore = await postgresCpu();
const started = performance.now();
const worker = startIngestWorker({ sql: tdb.sql, publisher, redisUrl, prefix, latenessMs: 300_000 });
for (;;) {
  const [row] = await tdb.sql<{ n: string | null }[]>`
    select sum(count)::text as n from metric_points where metric = 'events'`;
  if (Number(row?.n ?? 0) >= unique) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const postgres = (await postgresCpu()) - postgresBefore;
if (process.env.PROF) {
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(process.env.PROF, JSON.stringify(profile));
}
console.log(
  `drained ${unique} unique events in ${seconds.toFixed(2)} s = ${(unique / seconds).toFixed(0)} events/s; ` +
    `worker CPU ${((cpu.user + cpu.system) / unique).toFixed(2)} µs/event (user ${(cpu.user / unique).toFixed(2)}, ` +
    `system ${(cpu.system / unique).toFixed(2)}), PostgreSQL ${((postgres * 1e6) / unique).toFixed(2)} µs/event`,
);
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
publisher.disconnect();
await tdb.drop();
