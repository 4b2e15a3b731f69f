import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/core/auth/context';
import type { Role } from '@/contracts/roles';
import { ValidationError } from '@/core/errors';
import { getRule } from '@/core/queries/rules/get-rule';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { sentimentMetrics } from '@/lib/sentiment/metrics';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { engine, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { ruleKinds } from '.';

// The sentiment rule kind end to end on the real PostgreSQL: texts scored by the ingest path, averaged by
// the catalogue's sentiment metrics, judged by the rules engine, incidents opened and resolved.
let tdb: TestDatabase;
let actors: Record<Role, Actor>;
const T0 = Date.parse('2030-07-01T09:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;

const angry = [
  'This is the worst support ever, I am furious!!',
  'Terrible service, still broken after three days. Awful.',
  'I hate this app, it crashed again and lost my order',
  'Horrible experience, rude agent and no refund :(',
  'Absolutely useless. Cancel my account now, this is a scam',
];
const happy = [
  'Great help from the agent, thanks a lot!',
  'Love the new release, works perfectly :)',
  'Quick and friendly support, very happy',
  'Excellent service, problem solved in minutes',
];

/** `count` texts from `source`, one every 20 s from `from`, cycling through `texts`. */
const texts = (source: string, from: number, count: number, pool: string[], topic = 'billing') =>
  Array.from({ length: count }, (_, i) => ({
    source,
    type: 'support_ticket',
    ts: from + i * 20_000,
    text: pool[i % pool.length]!,
    props: { topic },
  }));

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, sentimentMetrics);
});
afterAll(async () => {
  await tdb.drop();
});
afterEach(async () => {
  await tdb.sql`update rules set enabled = false`;
});

const rule = (raw: Record<string, unknown>) =>
  createRule({ ctx: { db: tdb.db, actor: actors.admin }, input: createRuleInputSchema.parse(raw) });

const incidentsOf = (ruleId: string) =>
  tdb.sql<{ status: string; series: Record<string, string>; value: number | null }[]>`
    select status, series, value from incidents where rule_id = ${ruleId} order by opened_at`;

describe('sentiment rule kind', () => {
  it('params: percent for a share, a score for an average, clear value on the safe side', () => {
    const k = ruleKinds.sentiment.prepare({
      measure: 'negative_share',
      op: '>',
      value: 40,
      windowMinutes: 10,
    });
    const at = { end: s(0), windowMs: 300_000 };
    expect(k.windows(at)).toEqual([{ from: s(-600), to: s(0), resolution: 'second' }]);
    expect(k.evaluate([{ value: 0.5, count: 10, present: true }])).toMatchObject({
      value: 50,
      breaching: true,
    });
    // Below the minimum number of texts (5 by default) there is no verdict.
    expect(k.evaluate([{ value: 1, count: 4, present: true }])).toMatchObject({
      breaching: false,
      clear: true,
    });
    expect(() => ruleKinds.sentiment.prepare({ measure: 'negative_share', op: '>', value: 140 })).toThrow(
      /percent/,
    );
    expect(() => ruleKinds.sentiment.prepare({ measure: 'average_score', op: '<', value: -2 })).toThrow(
      /score/,
    );
    expect(() =>
      ruleKinds.sentiment.prepare({ measure: 'average_score', op: '<', value: -0.3, clearValue: -0.5 }),
    ).toThrow(/clearValue/);
  });

  it('negative share above 40% over 10 minutes opens an incident for the angry source only, then resolves', async () => {
    const r = await rule({
      name: 'Customers turn negative',
      kind: 'sentiment',
      metric: 'sentiment_negative_share',
      groupBy: ['source'],
      window: '5m',
      params: { measure: 'negative_share', op: '>', value: 40, clearValue: 20, windowMinutes: 10 },
    });
    const { tick, published } = engine(tdb);
    await ingest(tdb, [
      ...texts('reviews', s(0), 30, happy),
      ...texts('support', s(0), 10, happy),
      ...texts('support', s(200), 15, angry),
      // Two angry chats are below the 5-text minimum: no verdict for that source.
      ...texts('chat', s(300), 2, angry),
    ]);
    await tick(s(600));
    const series = (await getRule(tdb.db, r.id))?.series ?? [];
    const support = series.find((x) => x.series.source === 'support');
    expect(support).toMatchObject({ state: 'firing' });
    expect(support?.lastValue).toBeCloseTo(60, 5); // 15 angry of 25 texts
    const opened = await incidentsOf(r.id);
    expect(opened).toMatchObject([{ status: 'triggered', series: { source: 'support' } }]);
    expect(opened[0]?.value).toBeCloseTo(60, 5);
    expect(published.at(-1)).toMatchObject({ status: 'triggered', threshold: 40 });

    // Ten minutes of calm: the angry texts leave the window and the share falls to 0 (≤ 20 clears).
    await ingest(tdb, texts('support', s(600), 30, happy));
    await tick(s(1200));
    expect((await incidentsOf(r.id))[0]?.status).toBe('resolved');
  });

  it('average score below -0.3 per topic', async () => {
    const r = await rule({
      name: 'Billing topic sours',
      kind: 'sentiment',
      metric: 'sentiment_score',
      groupBy: ['topic'],
      window: '15m',
      params: { measure: 'average_score', op: '<', value: -0.3 },
    });
    const { tick } = engine(tdb);
    await ingest(tdb, [
      ...texts('support', s(5000), 12, angry, 'refunds'),
      ...texts('support', s(5000), 12, happy, 'delivery'),
    ]);
    await tick(s(5400));
    expect(await incidentsOf(r.id)).toMatchObject([{ status: 'triggered', series: { topic: 'refunds' } }]);
    const value = (await incidentsOf(r.id))[0]?.value ?? 0;
    expect(value).toBeLessThan(-0.3);
    expect(value).toBeGreaterThanOrEqual(-1);
  });

  it('refuses a measure on a metric that does not average its field', async () => {
    await expect(
      rule({
        name: 'Mismatch',
        kind: 'sentiment',
        metric: 'sentiment_score',
        params: { measure: 'negative_share', op: '>', value: 40 },
      }),
    ).rejects.toThrow(ValidationError);
    await expect(
      rule({
        name: 'Volume is no share',
        kind: 'sentiment',
        metric: 'sentiment_volume',
        params: { measure: 'average_score', op: '<', value: 0 },
      }),
    ).rejects.toThrow(/averaging sentiment.score/);
  });
});
