import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentsChannel, queueNames } from '@/lib/redis-names';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { processBatch } from './ingest/process-batch';
import { metricCatalogue } from './metric-catalogue';
import { startRulesWorker } from './rules';
import { seedMetrics, seedUsers } from '@/test/helpers/rules';
import type { IncidentView } from '@/contracts/responses/alerting';

let tdb: TestDatabase;
let publisher: Redis;
let subscriber: Redis;
let worker: Awaited<ReturnType<typeof startRulesWorker>>;
const prefix = testRedisPrefix();
const frames: { at: number; incident: IncidentView }[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedMetrics(tdb, [{ name: 'checkouts_failed', eventTypes: ['checkout_failed'] }]);
  const { admin } = await seedUsers(tdb);
  await createRule({
    ctx: { db: tdb.db, actor: admin },
    input: createRuleInputSchema.parse({
      name: 'Failed checkouts',
      kind: 'threshold',
      metric: 'checkouts_failed',
      window: '1m',
      params: { op: '>=', value: 3 },
    }),
  });
  publisher = new Redis(testRedisUrl);
  subscriber = new Redis(testRedisUrl);
  await subscriber.subscribe(incidentsChannel(prefix));
  subscriber.on('message', (_c: string, m: string) =>
    frames.push({ at: Date.now(), incident: JSON.parse(m) as IncidentView }),
  );
  worker = await startRulesWorker({ sql: tdb.sql, publisher, redisUrl: testRedisUrl, prefix, everyMs: 250 });
});
afterAll(async () => {
  await worker.close();
  const queue = new Queue(queueNames.rules, { connection: { url: testRedisUrl }, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  publisher.disconnect();
  subscriber.disconnect();
  await tdb.drop();
});

describe('rules worker', () => {
  it('evaluates on its schedule by the wall clock and publishes the incident soon after the breach', async () => {
    const metrics = await metricCatalogue(tdb.sql)();
    const breachAt = Date.now();
    const events = [0, 1, 2].map((i) => ({ id: `f${i}`, type: 'checkout_failed', ts: breachAt }));
    await processBatch(
      tdb.sql,
      [{ source: 'shop', keyId: 'k', backfill: false, receivedAt: breachAt, events }],
      {
        latenessMs: 300_000,
        metrics,
      },
    );
    for (let waited = 0; frames.length === 0 && waited < 5000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(frames[0]?.incident).toMatchObject({ title: 'Failed checkouts', status: 'triggered', value: 3 });
    // The breach's second must end before it counts, then the next tick (every 250 ms here) sees it.
    expect(frames[0]!.at - breachAt).toBeLessThan(2500);
  });
});
