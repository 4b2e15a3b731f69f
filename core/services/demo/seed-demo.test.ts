import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerator, openingIncidents } from '@/scripts/demo/generator';
import type { Actor } from '@/core/auth/context';
import { bootstrap } from '@/server/bootstrap';
import { webEnvSchema } from '@/server/env';
import { ForbiddenError } from '@/core/errors';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { listRules } from '@/core/queries/rules/list-rules';
import { listSurgeRules } from '@/core/queries/surge/surge-rules';
import { deleteMetric } from '@/core/services/metrics/delete-metric';
import { deleteRule } from '@/core/services/rules/delete-rule';
import { updateRuleInputSchema } from '@/core/services/rules/schemas';
import { updateRule } from '@/core/services/rules/update-rule';
import { deleteSurgeRule } from '@/core/services/surge-rules/delete-surge-rule';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@/test/db';
import { engine, ingest } from '@/test/helpers/rules';
import { evaluateSurgeRules } from '@/workers/surge/evaluate-surge-rules';
import { demoItems } from './demo-items';
import { demoSeedMarker, seedDemo } from './seed-demo';

const admin = { email: 'admin@demo.test', password: 'demo-admin-password' };
const envOf = (tdb: TestDatabase, demo: 'on' | 'off') =>
  webEnvSchema.parse({
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'demo-test-secret-demo-test-secret-0123',
    PULSEBOARD_ADMIN_EMAIL: admin.email,
    PULSEBOARD_ADMIN_PASSWORD: admin.password,
    PULSEBOARD_DEMO: demo,
  });
/** A start of the web process, as far as the database is concerned. */
const start = (tdb: TestDatabase, demo: 'on' | 'off') => bootstrap({ db: tdb.db, env: envOf(tdb, demo) });

async function adminActor(tdb: TestDatabase): Promise<Actor> {
  const [row] = await tdb.sql<{ id: string }[]>`select id from users where email = ${admin.email}`;
  return { userId: row!.id, email: admin.email, name: 'Admin', role: 'admin', via: 'session' };
}

async function demoCounts(tdb: TestDatabase) {
  const [row] = await tdb.sql<{ metrics: number; rules: number; surges: number }[]>`
    select (select count(*)::int from metrics where demo) as metrics,
           (select count(*)::int from rules where demo) as rules,
           (select count(*)::int from surge_rules where demo) as surges`;
  return row!;
}

const metricKeys = demoItems.filter((i) => i.type === 'metric').length;
const ruleKeys = demoItems.filter((i) => i.type === 'rule').length;
const ruleNamed = (key: string) => {
  const item = demoItems.find((i) => i.key === key);
  if (item?.type !== 'rule') throw new Error(`no demo rule ${key}`);
  return item.input.name;
};

describe('demo seeding at start', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('seeds nothing with PULSEBOARD_DEMO=off', async () => {
    await start(tdb, 'off');
    await start(tdb, 'off');
    expect(await demoCounts(tdb)).toEqual({ metrics: 0, rules: 0, surges: 0 });
    expect(await listRules(tdb.db)).toEqual([]);
    expect(await listSurgeRules(tdb.db)).toEqual([]);
    expect(await tdb.sql`select 1 from settings where key = ${demoSeedMarker}`).toHaveLength(0);
    // The start did run: the starter metrics are there, none of them a demo item.
    const catalogue = await listMetrics(tdb.db);
    expect(catalogue.map((m) => m.name)).toContain('api_latency_p95');
    expect(catalogue.filter((m) => m.demo)).toEqual([]);
  });

  it('with PULSEBOARD_DEMO=on seeds the examples through the services, marked demo and audited', async () => {
    await start(tdb, 'on');
    expect(await demoCounts(tdb)).toEqual({ metrics: metricKeys, rules: ruleKeys, surges: 1 });
    const rules = await listRules(tdb.db);
    expect(rules.map((r) => r.kind).sort()).toEqual(
      ['anomaly', 'no_data', 'sentiment', 'threshold', 'threshold'].sort(),
    );
    expect(rules.every((r) => r.demo && r.enabled)).toBe(true);
    const p95 = rules.find((r) => r.name === ruleNamed('rule:api_latency_p95'));
    expect(p95).toMatchObject({
      metric: 'api_latency_p95',
      groupBy: ['endpoint'],
      params: { op: '>', value: 2000, clearValue: 1000 },
    });
    const [surge] = await listSurgeRules(tdb.db);
    expect(surge).toMatchObject({
      demandMetric: 'ride_demand',
      supplyMetric: 'driver_supply',
      groupBy: ['zone'],
      demo: true,
    });
    const catalogue = await listMetrics(tdb.db);
    expect(
      catalogue
        .filter((m) => m.demo)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['driver_supply', 'ride_demand', 'support_ticket_sentiment']);
    // The starter metrics the rules read stay as they were: not demo items.
    expect(catalogue.find((m) => m.name === 'api_error_rate')?.demo).toBe(false);

    const audit = await tdb.sql<{ action: string; actor_email: string; demo: boolean }[]>`
      select action, actor_email, (changes->>'demo')::boolean as demo from audit_log
      where action in ('metric.create', 'rule.create', 'surge_rule.create') order by id`;
    expect(audit).toHaveLength(metricKeys + ruleKeys + 1);
    expect(audit.every((a) => a.actor_email === admin.email && a.demo)).toBe(true);
  });

  it('a restart creates nothing twice, and leaves what a person edited or deleted as they left it', async () => {
    const ctx = { db: tdb.db, actor: await adminActor(tdb) };
    const rules = await listRules(tdb.db);
    const p95 = rules.find((r) => r.name === ruleNamed('rule:api_latency_p95'))!;
    const noData = rules.find((r) => r.name === ruleNamed('rule:purchases_no_data'))!;
    await updateRule({
      ctx,
      id: p95.id,
      input: updateRuleInputSchema.parse({
        name: 'Slow endpoints',
        params: { op: '>', value: 3000, clearValue: 1500 },
      }),
    });
    await deleteRule({ ctx, id: noData.id });
    const [surge] = await listSurgeRules(tdb.db);
    await deleteSurgeRule({ ctx, id: surge!.id });
    await deleteMetric({ ctx, name: 'driver_supply' });
    const before = await listRules(tdb.db);

    await start(tdb, 'on');
    await start(tdb, 'on');
    expect(await listRules(tdb.db)).toEqual(before);
    expect(await listSurgeRules(tdb.db)).toEqual([]);
    expect((await listMetrics(tdb.db)).map((m) => m.name)).not.toContain('driver_supply');
    const edited = (await listRules(tdb.db)).find((r) => r.id === p95.id);
    expect(edited).toMatchObject({
      name: 'Slow endpoints',
      params: { op: '>', value: 3000, clearValue: 1500 },
      demo: true, // still the demo's example, now edited
    });
    expect(await demoCounts(tdb)).toEqual({ metrics: metricKeys - 1, rules: ruleKeys - 1, surges: 0 });
  });

  it('only an admin may seed', async () => {
    const viewer: Actor = {
      userId: crypto.randomUUID(),
      email: 'v@x',
      name: 'v',
      role: 'viewer',
      via: 'session',
    };
    await expect(seedDemo({ ctx: { db: tdb.db, actor: viewer } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('demo seeding by two web processes at once', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    await start(tdb, 'off');
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('creates each example once, and skips one whose metric an admin deleted before the demo was on', async () => {
    const actor = await adminActor(tdb);
    await deleteMetric({ ctx: { db: tdb.db, actor }, name: 'api_latency_p95' });
    const results = await Promise.all([
      seedDemo({ ctx: { db: tdb.db, actor } }),
      seedDemo({ ctx: { db: tdb.db, actor } }),
    ]);
    const created = results.flatMap((r) => r.created).sort();
    const skipped = results.flatMap((r) => r.skipped.map((s) => s.key));
    expect(skipped).toEqual(['rule:api_latency_p95']);
    expect(created).toEqual(
      demoItems
        .map((i) => i.key)
        .filter((k) => k !== 'rule:api_latency_p95')
        .sort(),
    );
    expect(await demoCounts(tdb)).toEqual({ metrics: metricKeys, rules: ruleKeys - 1, surges: 1 });
  });
});

/**
 * The loop a newcomer should see: the demo's own traffic, stored through the ingest worker's batch code,
 * evaluated by the real rule and surge engines over the seeded rules, in simulated time.
 */
describe.each([
  { when: 'at night (the quietest traffic)', hour: 3 },
  { when: 'at the late-morning peak', hour: 11 },
])('the seeded rules on demo traffic $when', ({ hour }) => {
  let tdb: TestDatabase;
  const t0 = Date.UTC(2026, 0, 12, hour, 0, 0);
  // The opening ends by minute 7; the first random incident starts 8 minutes after it at the earliest.
  const minutes = 14;
  const stepMs = 10_000;
  type Row = { rule: string; series: Record<string, string>; opened: number; resolved: number | null };
  let incidents: Row[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await start(tdb, 'on');
    const generator = createGenerator({
      seed: `loop-${hour}`,
      now: t0,
      hourOf: (ms) => (ms / 3_600_000) % 24,
    });
    const events = [];
    for (let now = t0 + 250; now <= t0 + minutes * 60_000; now += 250) {
      for (const { ts, id: _id, ...e } of generator.tick(now, 250)) events.push({ ...e, ts: Date.parse(ts) });
    }
    for (let i = 0; i < events.length; i += 5000) await ingest(tdb, events.slice(i, i + 5000));

    const rules = engine(tdb);
    // The live engines tick from the first second of traffic (a zone's first ride before its first driver
    // report would read as an unbounded surge), then every 10 s here.
    const instants = [t0 + 1000, t0 + 2000, t0 + 5000];
    for (let now = t0 + stepMs; now <= t0 + minutes * 60_000; now += stepMs) instants.push(now);
    for (const now of instants) {
      await rules.tick(now);
      await evaluateSurgeRules({
        db: tdb.db,
        now,
        onError: (ruleId, error) => {
          throw new Error(`surge rule ${ruleId} failed: ${String(error)}`);
        },
      });
    }
    const rows = await tdb.sql<
      { rule_name: string; series: Record<string, string>; opened_at: string; resolved_at: string | null }[]
    >`select rule_name, series, opened_at, resolved_at from incidents order by opened_at`;
    incidents = rows.map((r) => ({
      rule: r.rule_name,
      series: r.series,
      opened: (Date.parse(r.opened_at) - t0) / 1000,
      resolved: r.resolved_at ? (Date.parse(r.resolved_at) - t0) / 1000 : null,
    }));
  }, 240_000);
  afterAll(async () => {
    await tdb.drop();
  });

  it('opens an incident within 3 minutes of the start, on the endpoint of the opening error burst', () => {
    const [burst] = openingIncidents;
    const first = incidents[0];
    expect(first, JSON.stringify(incidents)).toBeDefined();
    expect(first!.opened).toBeLessThanOrEqual(180);
    const latency = incidents.find((i) => i.rule === ruleNamed('rule:api_latency_p95'));
    expect(latency?.series).toEqual({ endpoint: burst!.target });
    expect(latency!.opened).toBeLessThanOrEqual(210);
    const errors = incidents.find((i) => i.rule === ruleNamed('rule:api_error_rate'));
    expect(errors?.series).toEqual({ endpoint: burst!.target });
    expect(errors!.opened).toBeLessThanOrEqual(210);
  });

  it('opens a surge incident in the zone of the opening surge within 6 minutes', () => {
    const surge = openingIncidents[1]!;
    const incident = incidents.find((i) => i.rule === 'Ride surge per zone');
    expect(incident, JSON.stringify(incidents)).toBeDefined();
    expect(incident!.series).toEqual({ zone: surge.target });
    expect(incident!.opened).toBeLessThanOrEqual(360);
  });

  it('opens nothing else, and everything resolves once the injected incidents are over', () => {
    expect(incidents).toHaveLength(3);
    for (const incident of incidents) expect(incident.resolved, JSON.stringify(incident)).not.toBeNull();
  });
});
