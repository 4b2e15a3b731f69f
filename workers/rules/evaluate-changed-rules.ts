import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rules } from '@/db/schema';
import { breachHoldsEarly } from '@/lib/alerting/early-breach';
import { memoizeSource } from '@/lib/alerting/evaluate';
import { prepareRule, type PreparedRule } from '@/lib/alerting/prepare-rule';
import { defaultEngineOptions, type EngineOptions } from '@/lib/alerting/state-machine';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { loadSuppressions } from '@/core/queries/rules/suppressions';
import { sqlWindowSource } from '@/core/queries/rules/window-states';
import { publishIncidents, type IncidentPublisher } from '@/core/services/incidents/publish';
import { reportEvaluationFailure } from '@/core/services/rules/record-evaluation';
import type { EvaluationSummary } from './evaluate-rules';
import { runRule } from './run-rule';
import { workerMetrics } from '../metrics';

export type ChangedRulesOptions = {
  db: Db;
  publish?: IncidentPublisher;
  engine?: EngineOptions;
  onError?: (ruleId: string, error: unknown) => void;
};

/**
 * Evaluation right after a flush commits, of the rules on the metrics it changed, so a breach does not
 * wait for its second to end and the next tick. It evaluates at the end of the second in progress, as
 * the tick will once that second is complete, and only rules whose breach holds on a partial second
 * (breachHoldsEarly), moving only their breaching series; clears and no-data stay with the tick. Runs
 * under each rule's advisory lock like the tick, so the two never both open an incident.
 */
export async function evaluateChangedRules(
  options: ChangedRulesOptions & {
    /** Metrics the flush changed. */
    metrics: readonly string[];
    /** The wall clock, epoch ms; tests inject it. */
    now: number;
  },
): Promise<EvaluationSummary> {
  const { db } = options;
  const summary: EvaluationSummary = { rules: 0, skipped: 0, failed: 0, transitions: 0, incidentIds: [] };
  if (options.metrics.length === 0) return summary;
  // Read each time (one indexed query; runs are coalesced per flush), so an edit applies at once.
  const ruleRows = await db
    .select()
    .from(rules)
    .where(and(eq(rules.enabled, true), inArray(rules.metric, [...new Set(options.metrics)])));
  if (ruleRows.length === 0) return summary;
  // The instant the tick will judge these windows complete: the end of the second in progress.
  const end = Math.floor(options.now / 1000) * 1000 + 1000;
  // Both reads at once (the alert pool has connections to spare): a breach waits one round trip, not two.
  const [catalogue, suppressions] = await Promise.all([listMetrics(db), loadSuppressions(db, end)]);
  const lookup = (name: string) => catalogue.find((m) => m.name === name) ?? null;
  const due: PreparedRule[] = [];
  for (const row of ruleRows) {
    try {
      const rule = prepareRule(row, lookup);
      if (breachHoldsEarly(rule)) due.push(rule);
    } catch {
      // a rule that does not prepare is reported by the tick
    }
  }
  if (due.length === 0) return summary;
  const engine = { ...defaultEngineOptions, ...options.engine };
  const source = memoizeSource(sqlWindowSource(db));
  const context = { now: end, end, lookup, source, suppressions, engine };
  for (const rule of due) {
    try {
      const outcome = await runRule(db, rule, context, 'early');
      if (!outcome) continue;
      summary.rules++;
      summary.transitions += outcome.transitions;
      summary.incidentIds.push(...outcome.incidentIds);
    } catch (error) {
      summary.failed++;
      workerMetrics().ruleEvaluationFailures.inc({ kind: 'rule' });
      await reportEvaluationFailure(db, 'rule', rule.id, error, options.onError);
    }
  }
  await publishIncidents(db, options.publish, summary.incidentIds);
  return summary;
}
