import { and, eq, inArray, sql } from 'drizzle-orm';
import { rules, ruleSeriesState, ruleTransitions } from '@/db/schema';
import type { Db } from '@/db/client';
import { evaluateRule, type AlertMetric, type WindowSource } from '@/lib/alerting/evaluate';
import type { PreparedRule } from '@/lib/alerting/prepare-rule';
import {
  initialMemory,
  planIncident,
  stepSeries,
  type EngineOptions,
  type SeriesMemory,
} from '@/lib/alerting/state-machine';
import { findSuppression } from '@/lib/alerting/suppression';
import type { SeriesState, Suppression } from '@/lib/alerting/types';
import type { Tx } from '@/db/tx';
import type { Suppressions } from '@/core/queries/rules/suppressions';
import { applyIncidentPlan, latestIncident } from './incident-writes';

export type RunContext = {
  now: number;
  /** Exclusive end of the evaluated windows: the last whole second of event time. */
  end: number;
  lookup: (name: string) => AlertMetric | null;
  /** Metric windows; shared by the rules of one tick. */
  source: WindowSource;
  suppressions: Suppressions;
  engine: Required<EngineOptions>;
};

export type RuleOutcome = { transitions: number; incidentIds: string[] };

/**
 * `tick`: the clock's evaluation of every series; it skips a rule another evaluation holds.
 * `early`: after a flush, only the series that breach (see evaluateChangedRules); it waits for the lock.
 */
export type RunMode = 'tick' | 'early';

const isFiring = (s: SeriesState) => s === 'firing' || s === 'flapping';

/** Another evaluation holds the rule (a slow tick overlapping the next one elsewhere): skip it this time. */
async function tryLockRule(tx: Tx, ruleId: string): Promise<boolean> {
  const rows = await tx.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`pulseboard.rule:${ruleId}`}, 0)) as locked`,
  );
  return rows[0]?.locked === true;
}

/** The same lock, waited for: a tick holds it for one rule's short transaction. */
async function lockRule(tx: Tx, ruleId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`pulseboard.rule:${ruleId}`}, 0))`);
}

/**
 * False when the rule was deleted since it was read (its incident would break the foreign key). KEY SHARE
 * holds off its deletion, not its edits, until this evaluation commits; the deletion then resolves what it opened.
 */
async function holdRule(tx: Tx, ruleId: string): Promise<boolean> {
  const rows = await tx.select({ id: rules.id }).from(rules).where(eq(rules.id, ruleId)).for('key share');
  return rows.length > 0;
}

/**
 * Evaluates one rule and applies what follows, in one transaction under the rule's advisory lock:
 * series states, transitions, incidents and their timelines commit together or not at all.
 * Returns null when another worker was evaluating the rule (tick mode). A series already evaluated at a
 * later instant (by a slower tick's rival, or early at the end of the second in progress) is left as it is.
 */
export async function runRule(
  db: Db,
  rule: PreparedRule,
  ctx: RunContext,
  mode: RunMode = 'tick',
): Promise<RuleOutcome | null> {
  // Windows are read before the transaction, so a rule never holds two connections at once; series that
  // turn non-ok in between are picked up at the next tick. The tracked series matter to the tick only
  // (they are judged without data); early, only breaching series move, so they are not read.
  const tracked =
    mode === 'early'
      ? []
      : await db
          .select({ seriesKey: ruleSeriesState.seriesKey, labels: ruleSeriesState.labels })
          .from(ruleSeriesState)
          .where(eq(ruleSeriesState.ruleId, rule.id));
  const all = await evaluateRule({
    kind: rule.evaluator,
    metric: rule.alertMetric,
    lookup: ctx.lookup,
    groupBy: rule.groupBy,
    windowMs: rule.windowMs,
    end: ctx.end,
    source: ctx.source,
    known: new Map(tracked.map((r) => [r.seriesKey, r.labels])),
  });
  // Early, a series that does not breach yet may still breach once its second is complete: not judged.
  const evaluations = mode === 'early' ? all.filter((e) => e.evaluation.breaching) : all;
  if (evaluations.length === 0 && mode === 'early') return { transitions: 0, incidentIds: [] };
  return db.transaction(async (tx) => {
    if (mode === 'early') await lockRule(tx, rule.id);
    else if (!(await tryLockRule(tx, rule.id))) return null;
    if (!(await holdRule(tx, rule.id))) return null;
    const rows = await tx.select().from(ruleSeriesState).where(eq(ruleSeriesState.ruleId, rule.id));
    const stored = new Map(rows.map((r) => [r.seriesKey, r]));

    const at = new Date(ctx.now);
    const keep: (typeof ruleSeriesState.$inferInsert)[] = [];
    const drop: string[] = [];
    const transitions: (typeof ruleTransitions.$inferInsert)[] = [];
    const touched = new Set<string>();
    for (const { seriesKey, labels, evaluation } of evaluations) {
      const row = stored.get(seriesKey);
      // Evaluated at a later instant already: this evaluation must not move the series back in time.
      if (row && row.lastEvalAt.getTime() > ctx.now) continue;
      const prev: SeriesMemory = row
        ? { state: row.state, since: row.since.getTime(), active: row.active, fireTimes: row.fireTimes }
        : initialMemory(ctx.now);
      const next = stepSeries(prev, evaluation, ctx.now, { pendingMs: rule.pendingMs, ...ctx.engine });
      let incidentId = row?.incidentId ?? null;
      let suppressedBy: Suppression | null = row?.suppressedBy ?? null;
      const changed = prev.state !== next.state;
      // A firing series that a silence kept quiet opens its incident once the silence is over.
      const released = !changed && suppressedBy !== null && isFiring(next.state);
      if (changed || released) {
        const latest = await latestIncident(tx, rule.id, seriesKey);
        const plan = planIncident(released ? 'ok' : prev.state, next.state, latest, ctx.now, {
          autoResolve: rule.autoResolve,
          reopenWithinMs: ctx.engine.reopenWithinMs,
        });
        const opens = plan.action === 'open' || plan.action === 'reopen';
        const suppression = opens
          ? findSuppression(
              { ruleId: rule.id, ruleLabels: rule.labels, series: labels },
              ctx.suppressions.silences,
              ctx.suppressions.windows,
              ctx.now,
            )
          : null;
        if (suppression) suppressedBy = suppression;
        else {
          const id = await applyIncidentPlan(tx, plan, latest, {
            rule,
            seriesKey,
            labels,
            evaluation,
            now: ctx.now,
            pendingSince: prev.state === 'pending' ? prev.since : null,
          });
          if (id) {
            incidentId = id;
            touched.add(id);
          }
          if (opens || released || !isFiring(next.state)) suppressedBy = null;
        }
        if (changed) {
          transitions.push({
            ruleId: rule.id,
            seriesKey,
            labels,
            at,
            from: prev.state,
            to: next.state,
            value: evaluation.value,
            incidentId,
            suppressedBy: suppression,
          });
        }
      }
      // Only series that are not plainly ok (or that fired recently, for flap detection) keep a row.
      if (next.state === 'ok' && next.fireTimes.length === 0 && suppressedBy === null) {
        if (row) drop.push(seriesKey);
        continue;
      }
      keep.push({
        ruleId: rule.id,
        seriesKey,
        labels,
        state: next.state,
        since: new Date(next.since),
        active: next.active,
        fireTimes: next.fireTimes,
        lastValue: evaluation.value,
        lastEvalAt: at,
        incidentId,
        suppressedBy,
      });
    }

    if (keep.length > 0) {
      await tx
        .insert(ruleSeriesState)
        .values(keep)
        .onConflictDoUpdate({
          target: [ruleSeriesState.ruleId, ruleSeriesState.seriesKey],
          set: {
            state: sql`excluded.state`,
            since: sql`excluded.since`,
            active: sql`excluded.active`,
            fireTimes: sql`excluded.fire_times`,
            lastValue: sql`excluded.last_value`,
            lastEvalAt: sql`excluded.last_eval_at`,
            incidentId: sql`excluded.incident_id`,
            suppressedBy: sql`excluded.suppressed_by`,
          },
        });
    }
    if (drop.length > 0) {
      await tx
        .delete(ruleSeriesState)
        .where(and(eq(ruleSeriesState.ruleId, rule.id), inArray(ruleSeriesState.seriesKey, drop)));
    }
    if (transitions.length > 0) await tx.insert(ruleTransitions).values(transitions);
    return { transitions: transitions.length, incidentIds: [...touched] };
  });
}
