import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import type { Actor } from '@/core/auth/context';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { loadSuppressions } from '@/core/queries/rules/suppressions';
import { sqlWindowSource } from '@/core/queries/rules/window-states';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { rules } from '@/db/schema';
import { memoizeSource } from '@/lib/alerting/evaluate';
import { prepareRule } from '@/lib/alerting/prepare-rule';
import { defaultEngineOptions } from '@/lib/alerting/state-machine';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { burst, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { workerMetrics } from '../metrics';
import { evaluateRules } from './evaluate-rules';
import { runRule, type RunMode } from './run-rule';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;
const T0 = Date.parse('2030-06-03T10:00:00Z');

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, [{ name: 'orders', eventTypes: ['order'] }]);
  await ingest(tdb, burst('order', T0, 20));
});
afterAll(async () => {
  await tdb.drop();
});

/** A threshold rule (more than 5 in a minute) on a metric, made as an admin makes it. */
const thresholdRule = (name: string, metric: string) =>
  createRule({
    ctx: { db: tdb.db, actor: actors.admin },
    input: createRuleInputSchema.parse({
      name,
      kind: 'threshold',
      metric,
      window: '1m',
      params: { op: '>', value: 5 },
    }),
  });

describe('runRule', () => {
  it('skips a rule deleted after the tick read it, in both modes: no error, no incident, no series state', async () => {
    for (const mode of ['tick', 'early'] as RunMode[]) {
      const created = await thresholdRule(`Orders ${mode}`, 'orders');
      // What a tick read before the rule was deleted: the rule as prepared, the catalogue, the windows.
      const [row] = await tdb.db.select().from(rules).where(eq(rules.id, created.id));
      const catalogue = await listMetrics(tdb.db);
      const lookup = (name: string) => catalogue.find((m) => m.name === name) ?? null;
      const prepared = prepareRule(row!, lookup);
      const now = T0 + 30_000;
      await tdb.sql`delete from rules where id = ${created.id}`;

      const outcome = await runRule(
        tdb.db,
        prepared,
        {
          now,
          end: now,
          lookup,
          source: memoizeSource(sqlWindowSource(tdb.db)),
          suppressions: await loadSuppressions(tdb.db, now),
          engine: defaultEngineOptions,
        },
        mode,
      );
      expect(outcome, mode).toBeNull();
      expect(await tdb.sql`select id from incidents where rule_id = ${created.id}`).toEqual([]);
      expect(await tdb.sql`select rule_id from rule_series_state where rule_id = ${created.id}`).toEqual([]);
    }
  });
});

describe('evaluateRules', () => {
  it('counts a rule that cannot be evaluated in pulseboard_rule_evaluation_failures_total and goes on with the others', async () => {
    await seedMetrics(tdb, [{ name: 'parcels', eventTypes: ['parcel'] }]);
    const broken = await thresholdRule('Parcels', 'parcels');
    const healthy = await thresholdRule('Orders still', 'orders');
    // Removed behind the catalogue service's back (it refuses while a rule uses the metric).
    await tdb.sql`delete from metrics where name = 'parcels'`;
    const failures = async () =>
      (await workerMetrics().ruleEvaluationFailures.get()).values.find((v) => v.labels.kind === 'rule')
        ?.value ?? 0;
    const before = await failures();
    const errors: string[] = [];
    const summary = await evaluateRules({
      db: tdb.db,
      now: T0 + 30_000,
      onError: (ruleId, error) => errors.push(`${ruleId}: ${String(error)}`),
    });
    expect(errors).toEqual([`${broken.id}: RuleConfigError: no metric named parcels`]);
    expect(summary.failed).toBe(1);
    expect(await failures()).toBe(before + 1);
    expect(await tdb.sql`select status from incidents where rule_id = ${healthy.id}`).toEqual([
      { status: 'triggered' },
    ]);
  });
});
