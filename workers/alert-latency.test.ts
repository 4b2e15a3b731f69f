import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNames } from '@/lib/redis-names';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { addChannel, deliveriesOf, notifySetup, testKey } from '@/test/helpers/notify-harness';
import { seedMetrics } from '@/test/helpers/rules';
import { startSlackReceiver, type HttpReceiver } from '@/test/receivers';
import { startIngestWorker } from './ingest';
import { startNotifyWorker } from './notify';
import { startRulesWorker } from './rules';
import { evaluateRules } from './rules/evaluate-rules';

// The breach path as workers/index.ts wires it (flush → rules on the changed metrics → outbox NOTIFY →
// delivery job), with the clock tick and the outbox poll a minute apart: only that path can be fast.
let tdb: TestDatabase;
let publisher: Redis;
let slack: HttpReceiver;
let slackId: string;
let ruleId: string;
let rules: Awaited<ReturnType<typeof startRulesWorker>>;
let notify: ReturnType<typeof startNotifyWorker>;
let ingest: ReturnType<typeof startIngestWorker>;
let queue: Queue;
const prefix = testRedisPrefix();
const minute = 60_000;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedMetrics(tdb, [{ name: 'payments_failed', eventTypes: ['payment_failed'], dimensions: ['zone'] }]);
  const setup = await notifySetup(tdb);
  slack = await startSlackReceiver();
  slackId = await addChannel(setup.ctx(), {
    name: 'ops',
    type: 'slack',
    enabled: true,
    config: { webhookUrl: `${slack.url}/services/T0/B0/x` },
  });
  ruleId = (
    await createRule({
      ctx: { db: tdb.db, actor: setup.users.admin },
      input: createRuleInputSchema.parse({
        name: 'Failed payments',
        kind: 'threshold',
        metric: 'payments_failed',
        groupBy: ['zone'],
        window: '1m',
        pendingSeconds: 0,
        autoResolve: false,
        params: { op: '>', value: 2 },
        channelIds: [slackId],
      }),
    })
  ).id;
  publisher = new Redis(testRedisUrl);
  rules = await startRulesWorker({
    sql: tdb.sql,
    publisher,
    redisUrl: testRedisUrl,
    prefix,
    everyMs: minute,
  });
  notify = startNotifyWorker({
    sql: tdb.sql,
    redisUrl: testRedisUrl,
    prefix,
    secretKey: testKey,
    pagerDutyUrl: 'http://127.0.0.1:9/v2/enqueue',
    allowPrivate: true,
    publicUrl: 'http://pulseboard.test',
    pumpMs: minute,
    escalateMs: minute,
    sweepMs: minute,
  });
  ingest = startIngestWorker({
    sql: tdb.sql,
    publisher,
    redisUrl: testRedisUrl,
    prefix,
    latenessMs: 300_000,
    onFlush: (outcome) => rules.flushed(outcome.points.map((p) => p.metric)),
  });
  queue = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix });
  await notify.listening;
  // The scheduler's first tick runs at start; the next one is a minute away.
  await new Promise((resolve) => setTimeout(resolve, 500));
});
afterAll(async () => {
  await ingest.close();
  await rules.close();
  await notify.close();
  await queue.obliterate({ force: true });
  await queue.close();
  const redis = new Redis(testRedisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  publisher.disconnect();
  await slack.close();
  await tdb.drop();
});

describe('breach to notification', () => {
  it('a flush of breaching events reaches Slack within a second, once, with the tick a minute away', async () => {
    const sentAt = Date.now();
    const events = [1, 2, 3].map((i) => ({
      id: `p${i}`,
      type: 'payment_failed',
      ts: sentAt,
      props: { zone: 'north' },
    }));
    await queue.add('batch', { source: 'shop', keyId: 'k', backfill: false, receivedAt: sentAt, events });
    const [message] = await slack.waitFor(1, 5_000);
    expect(message!.body).toContain('zone=north');
    expect(message!.at - sentAt).toBeLessThan(1_000);

    // The tick judges the same complete second later: still firing, nothing opened or sent again.
    await evaluateRules({ db: tdb.db, now: Math.floor(sentAt / 1000) * 1000 + 1_100 });
    await notify.pump();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const incidents = await tdb.sql<{ id: string; status: string }[]>`
      select id, status from incidents where rule_id = ${ruleId}`;
    expect(incidents).toMatchObject([{ status: 'triggered' }]);
    expect((await deliveriesOf(tdb, incidents[0]!.id)).map((d) => `${d.action}:${d.status}`)).toEqual([
      'trigger:sent',
    ]);
    expect(slack.received).toHaveLength(1);
  });
});
