import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import type { Actor } from '@/core/auth/context';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { loadSuppressions } from '@/core/queries/rules/suppressions';
import { sqlWindowSource } from '@/core/queries/rules/window-states';
import { getRule } from '@/core/queries/rules/get-rule';
import { listRules } from '@/core/queries/rules/list-rules';
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

  it('shows a rule that cannot be evaluated as failing, logs it once a minute, and clears it once an evaluation succeeds', async () => {
    await seedMetrics(tdb, [{ name: 'crates', eventTypes: ['crate'] }]);
    const rule = await thresholdRule('Crates', 'crates');
    const other = await thresholdRule('Orders again', 'orders');
    await tdb.sql`delete from metrics where name = 'crates'`;
    const logged: string[] = [];
    const recovered: string[] = [];
    const tick = (now: number) =>
      evaluateRules({
        db: tdb.db,
        now,
        onError: (id, error) => logged.push(`${id}: ${String(error)}`),
        onRecovered: (id) => recovered.push(id),
      });

    await tick(T0 + 30_000);
    const first = (await getRule(tdb.db, rule.id))?.evaluationFailure;
    expect(first).toMatchObject({ error: 'no metric named crates' });
    expect(first?.lastAt).toBe(first?.since);
    expect((await getRule(tdb.db, other.id))?.evaluationFailure).toBeNull();
    // The list answers it too: the rules page reads it there.
    expect((await listRules(tdb.db)).find((r) => r.id === rule.id)?.evaluationFailure).toEqual(first);

    // Failing the same way at the next ticks: no new log line, no new write, within the minute.
    await tick(T0 + 31_000);
    await tick(T0 + 32_000);
    expect(logged).toEqual([`${rule.id}: RuleConfigError: no metric named crates`]);
    expect((await getRule(tdb.db, rule.id))?.evaluationFailure).toEqual(first);

    // A different error is logged at once; the run's start stays.
    await tdb.sql`update rules set metric = 'boxes' where id = ${rule.id}`;
    await tick(T0 + 33_000);
    expect(logged).toHaveLength(2);
    const changed = (await getRule(tdb.db, rule.id))?.evaluationFailure;
    expect(changed).toMatchObject({ error: 'no metric named boxes', since: first?.since });

    // A minute after the last write, the same error is written and logged again.
    await tdb.sql`update rules set eval_failed_at = eval_failed_at - interval '61 seconds' where id = ${rule.id}`;
    await tick(T0 + 34_000);
    expect(logged).toHaveLength(3);

    // The metric back: the next evaluation succeeds and the mark goes.
    await tdb.sql`update rules set metric = 'crates' where id = ${rule.id}`;
    await seedMetrics(tdb, [{ name: 'crates', eventTypes: ['crate'] }]);
    expect(recovered).toEqual([]);
    await tick(T0 + 35_000);
    expect(logged).toHaveLength(3);
    expect((await getRule(tdb.db, rule.id))?.evaluationFailure).toBeNull();
    expect(recovered).toEqual([rule.id]);
    await tick(T0 + 36_000);
    expect(recovered).toEqual([rule.id]);
  });
});
