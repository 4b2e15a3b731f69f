import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rules } from '@/db/schema';
import { memoizeSource } from '@/lib/alerting/evaluate';
import { prepareRule } from '@/lib/alerting/prepare-rule';
import { defaultEngineOptions, type EngineOptions } from '@/lib/alerting/state-machine';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { loadSuppressions } from '@/core/queries/rules/suppressions';
import { sqlWindowSource } from '@/core/queries/rules/window-states';
import { publishIncidents, type IncidentPublisher } from '@/core/services/incidents/publish';
import { clearEvaluationFailure, reportEvaluationFailure } from '@/core/services/rules/record-evaluation';
import { runRule } from './run-rule';
import { workerMetrics } from '../metrics';

export type EvaluateRulesOptions = {
  db: Db;
  /** The evaluation instant, epoch ms; tests inject it. */
  now: number;
  /** Receives each incident an evaluation changed, after its transaction committed. */
  publish?: IncidentPublisher;
  engine?: EngineOptions;
  /** A rule that failed to evaluate (again only once its error changed or a minute passed); the others go on. */
  onError?: (ruleId: string, error: unknown) => void;
  /** A rule marked as failing evaluated again. */
  onRecovered?: (ruleId: string) => void;
};

export type EvaluationSummary = {
  rules: number;
  /** Rules another worker held at the time. */
  skipped: number;
  failed: number;
  transitions: number;
  incidentIds: string[];
};

/**
 * One tick of the rules engine: every enabled rule over the windows that end at the last whole second of
 * event time. Each rule commits on its own, so one broken rule or a slow one does not hold the rest.
 */
export async function evaluateRules(options: EvaluateRulesOptions): Promise<EvaluationSummary> {
  const { db, now } = options;
  const engine = { ...defaultEngineOptions, ...options.engine };
  const [ruleRows, catalogue, suppressions] = await Promise.all([
    db.select().from(rules).where(eq(rules.enabled, true)),
    listMetrics(db),
    loadSuppressions(db, now),
  ]);
  const lookup = (name: string) => catalogue.find((m) => m.name === name) ?? null;
  const source = memoizeSource(sqlWindowSource(db));
  const context = { now, end: Math.floor(now / 1000) * 1000, lookup, source, suppressions, engine };
  const summary: EvaluationSummary = { rules: 0, skipped: 0, failed: 0, transitions: 0, incidentIds: [] };
  for (const row of ruleRows) {
    try {
      const rule = prepareRule(row, lookup);
      const outcome = await runRule(db, rule, context);
      if (!outcome) {
        summary.skipped++;
        continue;
      }
      summary.rules++;
      summary.transitions += outcome.transitions;
      summary.incidentIds.push(...outcome.incidentIds);
      if (row.evalFailingSince) {
        await clearEvaluationFailure(db, 'rule', row.id);
        options.onRecovered?.(row.id);
      }
    } catch (error) {
      summary.failed++;
      workerMetrics().ruleEvaluationFailures.inc({ kind: 'rule' });
      await reportEvaluationFailure(db, 'rule', row.id, error, options.onError);
    }
  }
  await publishIncidents(db, options.publish, summary.incidentIds);
  return summary;
}
