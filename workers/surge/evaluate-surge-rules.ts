import { eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { surgeEvents, surgeRules, surgeState } from '@/db/schema';
import { memoizeSource, type AlertMetric, type WindowSource } from '@/lib/alerting/evaluate';
import { defaultEngineOptions } from '@/lib/alerting/state-machine';
import { readSurgeGroups } from '@/lib/surge/group-values';
import { baseMultiplier, nextMultiplier, targetFor, type GroupSurge } from '@/lib/surge/step';
import { surgesChannel } from '@/lib/redis-names';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import type { Tx } from '@/db/tx';
import { sqlWindowSource } from '@/core/queries/rules/window-states';
import { publishIncidents, type IncidentPublisher } from '@/core/services/incidents/publish';
import { surgeWindowMs } from '@/lib/surge/windows';
import { syncSurgeIncidents, type GroupMultiplier } from './surge-incidents';
import type { SurgeEventView } from '@/contracts/responses/surge';
import { clearEvaluationFailure, reportEvaluationFailure } from '@/core/services/rules/record-evaluation';
import { workerMetrics } from '../metrics';

/** Sends a multiplier change to every open dashboard (socket `surge` frames). */
export type SurgePublisher = (change: SurgeEventView) => Promise<void>;

/** Publishes on the surges channel, which every web process relays to its sockets. Best effort. */
export function redisSurgePublisher(redis: Pick<Redis, 'publish'>, prefix: string): SurgePublisher {
  return (change) =>
    redis.publish(surgesChannel(prefix), JSON.stringify(change)).then(
      () => undefined,
      () => undefined,
    );
}

export type EvaluateSurgeRulesOptions = {
  db: Db;
  /** The evaluation instant, epoch ms; tests inject it. */
  now: number;
  publish?: SurgePublisher;
  /** Receives each incident a surge opened, changed or resolved, after its transaction committed. */
  publishIncident?: IncidentPublisher;
  /** A resolved surge incident re-fired this soon reopens. @defaultValue 300000 (as alert rules) */
  reopenWithinMs?: number;
  /** A surge rule that failed to evaluate; the others go on. */
  onError?: (ruleId: string, error: unknown) => void;
  /** A surge rule marked as failing evaluated again. */
  onRecovered?: (ruleId: string) => void;
  /** Reads the windows; the live engine reads the points. */
  source?: WindowSource;
};

export type SurgeSummary = {
  rules: number;
  skipped: number;
  failed: number;
  changes: SurgeEventView[];
  /** Incidents opened, changed or resolved by this tick. */
  incidentIds: string[];
};

type RuleRow = typeof surgeRules.$inferSelect;

async function tryLock(tx: Tx, ruleId: string): Promise<boolean> {
  const rows = await tx.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`pulseboard.surge:${ruleId}`}, 0)) as locked`,
  );
  return rows[0]?.locked === true;
}

/**
 * One tick of the surge engine: for every enabled surge rule, demand over supply per group over the window
 * that ends at the last whole second of event time, stepped through the rule's tiers, hold and cooldown.
 * Each rule commits on its own; changes are published after their commit.
 */
export async function evaluateSurgeRules(options: EvaluateSurgeRulesOptions): Promise<SurgeSummary> {
  const { db, now } = options;
  const [ruleRows, catalogue] = await Promise.all([
    db.select().from(surgeRules).where(eq(surgeRules.enabled, true)),
    listMetrics(db),
  ]);
  const lookup = (name: string): AlertMetric | null => catalogue.find((m) => m.name === name) ?? null;
  const source = memoizeSource(options.source ?? sqlWindowSource(db));
  const end = Math.floor(now / 1000) * 1000;
  const reopenWithinMs = options.reopenWithinMs ?? defaultEngineOptions.reopenWithinMs;
  const summary: SurgeSummary = { rules: 0, skipped: 0, failed: 0, changes: [], incidentIds: [] };
  for (const rule of ruleRows) {
    try {
      const outcome = await runSurgeRule(db, rule, { end, lookup, source, reopenWithinMs });
      if (!outcome) {
        summary.skipped++;
        continue;
      }
      summary.rules++;
      summary.changes.push(...outcome.changes);
      summary.incidentIds.push(...outcome.incidentIds);
      if (rule.evalFailingSince) {
        await clearEvaluationFailure(db, 'surge', rule.id);
        options.onRecovered?.(rule.id);
      }
    } catch (error) {
      summary.failed++;
      workerMetrics().ruleEvaluationFailures.inc({ kind: 'surge' });
      await reportEvaluationFailure(db, 'surge', rule.id, error, options.onError);
    }
  }
  if (options.publish) for (const change of summary.changes) await options.publish(change);
  await publishIncidents(db, options.publishIncident, summary.incidentIds);
  return summary;
}

type RunContext = {
  end: number;
  lookup: (name: string) => AlertMetric | null;
  source: WindowSource;
  reopenWithinMs: number;
};

/**
 * Evaluates one surge rule under its advisory lock, with its incidents; null when another worker holds it
 * or is ahead.
 */
export async function runSurgeRule(
  db: Db,
  rule: RuleRow,
  ctx: RunContext,
): Promise<{ changes: SurgeEventView[]; incidentIds: string[] } | null> {
  const tracked = await db
    .select({ groupKey: surgeState.groupKey, labels: surgeState.labels })
    .from(surgeState)
    .where(eq(surgeState.ruleId, rule.id));
  const known = new Map(tracked.map((r) => [r.groupKey, r.labels]));
  const groups = await readSurgeGroups({
    rule,
    windowMs: surgeWindowMs[rule.window],
    end: ctx.end,
    lookup: ctx.lookup,
    source: ctx.source,
    known,
  });

  const at = new Date(ctx.end);
  return db.transaction(async (tx) => {
    if (!(await tryLock(tx, rule.id))) return null;
    // Deleted since it was read: skipped. KEY SHARE holds off its deletion (not its edits) until this commits.
    const [exists] = await tx
      .select({ id: surgeRules.id })
      .from(surgeRules)
      .where(eq(surgeRules.id, rule.id))
      .for('key share');
    if (!exists) return null;
    const rows = await tx.select().from(surgeState).where(eq(surgeState.ruleId, rule.id));
    // A slow tick that lost the race to a later one must not move the groups back in time.
    if (rows.some((r) => r.updatedAt.getTime() > ctx.end)) return null;
    const stored = new Map(rows.map((r) => [r.groupKey, r]));
    const changes: SurgeEventView[] = [];
    const after: GroupMultiplier[] = [];
    for (const [groupKey, group] of groups) {
      const row = stored.get(groupKey);
      const current: GroupSurge = row
        ? {
            multiplier: row.multiplier,
            since: row.since.getTime(),
            lastChangeAt: row.lastChangeAt?.getTime() ?? null,
          }
        : { multiplier: baseMultiplier, since: ctx.end, lastChangeAt: null };
      const target = targetFor(rule, group.demand, group.supply);
      const next = nextMultiplier(rule, current, target.multiplier, ctx.end);
      after.push({
        groupKey,
        labels: group.labels,
        multiplier: next ?? current.multiplier,
        previous: current.multiplier,
        ratio: target.ratio,
      });
      if (next === null) {
        // A new group starts at the base multiplier, so the current view lists it.
        if (!row) {
          await tx.insert(surgeState).values({
            ruleId: rule.id,
            groupKey,
            labels: group.labels,
            multiplier: baseMultiplier,
            ratio: target.ratio,
            since: at,
            updatedAt: at,
          });
        }
        continue;
      }
      const values = {
        labels: group.labels,
        multiplier: next,
        ratio: target.ratio,
        since: at,
        lastChangeAt: at,
        updatedAt: at,
      };
      await tx
        .insert(surgeState)
        .values({ ruleId: rule.id, groupKey, ...values })
        .onConflictDoUpdate({ target: [surgeState.ruleId, surgeState.groupKey], set: values });
      await tx.insert(surgeEvents).values({
        ruleId: rule.id,
        labels: group.labels,
        ts: at,
        ratio: target.ratio,
        multiplier: next,
        previous: current.multiplier,
      });
      changes.push({
        rule: rule.id,
        ruleName: rule.name,
        group: group.labels,
        ts: at.toISOString(),
        ratio: target.ratio,
        multiplier: next,
        previous: current.multiplier,
      });
    }
    const incidentIds = await syncSurgeIncidents(tx, rule, after, ctx.end, ctx.reopenWithinMs);
    return { changes, incidentIds };
  });
}
