import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rules } from '@/db/schema';
import type { ComparisonOp } from '@/lib/alerting/kinds/kind';
import { prepareRule, RuleConfigError, type PreparedRule } from '@/lib/alerting/prepare-rule';
import { requireRole, type Actor } from '@/core/auth/context';
import { ConflictError, NotFoundError } from '@/core/errors';
import { getIncident } from '@/core/queries/incidents/get-incident';
import { listMetrics, type MetricSummary } from '@/core/queries/metrics/list-metrics';
import { evaluateOverRange } from '@/core/services/rules/evaluate-over-range';
import type { EvaluationPoint, IncidentEvaluation } from '@/contracts/responses/alerting';

const minuteMs = 60_000;
const marginMs = 30 * minuteMs;
const stepChoices = [10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000];
/** Evaluations per chart stay under this; the step grows with the incident's length. */
const maxPoints = 720;
const longWindowMs = 15 * minuteMs;

function valueUnit(rule: PreparedRule, metric: MetricSummary): string {
  if (rule.kind === 'rate_of_change') return '%';
  if (rule.kind === 'no_data') return 'events';
  if (rule.kind === 'sentiment') {
    const measure = (rule.params as { measure?: string }).measure;
    return measure === 'negative_share' ? '%' : '';
  }
  return metric.unit;
}

function comparisonOf(params: unknown): ComparisonOp | null {
  const op = (params as { op?: unknown } | null)?.op;
  return op === '>' || op === '>=' || op === '<' || op === '<=' ? op : null;
}

/**
 * Replays the incident's rule over ±30 minutes of it with the engine's own evaluation (same kind,
 * aggregation, window and series), so the chart plots the value the rule compared, not raw buckets.
 */
export async function evaluateIncident({
  ctx,
  id,
  now = Date.now(),
}: {
  ctx: { db: Db; actor: Actor | null };
  id: string;
  /** The present, epoch ms; tests inject it. */
  now?: number;
}): Promise<IncidentEvaluation> {
  requireRole(ctx.actor, 'viewer');
  const incident = await getIncident(ctx.db, id);
  if (!incident) throw new NotFoundError(`no incident with id ${id}`);
  if (!incident.ruleId)
    throw new ConflictError('the incident has no alert rule (a surge, or the rule was deleted)');
  const [row] = await ctx.db.select().from(rules).where(eq(rules.id, incident.ruleId));
  if (!row) throw new ConflictError('the incident’s rule was deleted');
  const catalogue = await listMetrics(ctx.db);
  const lookup = (name: string) => catalogue.find((m) => m.name === name) ?? null;
  let rule: PreparedRule;
  try {
    rule = prepareRule(row, lookup);
  } catch (error) {
    if (error instanceof RuleConfigError)
      throw new ConflictError(`the rule cannot be evaluated: ${error.message}`);
    throw error;
  }
  const metric = lookup(rule.metric)!;

  const opened = Date.parse(incident.openedAt);
  const ended = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now;
  const from = opened - marginMs;
  const to = Math.max(Math.min(ended + marginMs, now), opened + minuteMs);
  // Windows of 15 minutes and more are evaluated at whole minutes, from the 1-minute rollups (exact
  // there): merging thousands of 1-second sketches per point would take seconds.
  const minStep = rule.windowMs >= longWindowMs ? minuteMs : 0;
  const stepMs = stepChoices.find((s) => s >= minStep && (to - from) / s <= maxPoints) ?? stepChoices.at(-1)!;
  // The engine evaluates windows ending at the last whole second before its tick.
  const breachAt = Math.floor(opened / 1000) * 1000;
  const [series] = await evaluateOverRange(ctx.db, {
    rule,
    lookup,
    from,
    to,
    stepMs,
    extra: [breachAt],
    series: incident.series,
  });
  const points = (series?.points ?? []).map(({ t, evaluation: e }): EvaluationPoint => ({
    ts: new Date(t).toISOString(),
    value: e.value,
    threshold: e.threshold,
    clear: e.clearThreshold ?? null,
    breaching: e.breaching,
  }));
  return {
    incidentId: incident.id,
    rule: {
      id: row.id,
      name: row.name,
      kind: row.kind,
      window: row.window,
      groupBy: row.groupBy,
      pendingSeconds: row.pendingSeconds,
      op: comparisonOf(row.params),
      changedSinceOpened: row.updatedAt.getTime() > opened,
    },
    metric: {
      name: metric.name,
      aggregation: metric.aggregation,
      valueField: metric.valueField,
      unit: metric.unit,
      ratio: metric.ratioOf !== null,
    },
    series: incident.series,
    unit: valueUnit(rule, metric),
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    stepSeconds: stepMs / 1000,
    points,
    breach: points.find((p) => Date.parse(p.ts) === breachAt) ?? null,
  };
}
