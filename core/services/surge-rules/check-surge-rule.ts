import type { DbOrTx } from '@/db/tx';
import { metricDimensions } from '@/lib/alerting/prepare-rule';
import { ValidationError } from '@/core/errors';
import { listMetrics, type MetricSummary } from '@/core/queries/metrics/list-metrics';
import { createSurgeRuleInputSchema, type CreateSurgeRuleInput } from './schemas';

/** Checks a surge rule against the catalogue: both metrics exist and can be split by its grouping. */
export async function checkSurgeRule(db: DbOrTx, input: CreateSurgeRuleInput): Promise<void> {
  const catalogue = await listMetrics(db);
  const problem = surgeRuleProblem(input, (name) => catalogue.find((m) => m.name === name) ?? null);
  if (problem) throw new ValidationError(problem.message, problem.field);
}

/** Why a surge rule could not be evaluated against this catalogue, with the field at fault; or null. */
export function surgeRuleProblem(
  rule: Pick<CreateSurgeRuleInput, 'demandMetric' | 'supplyMetric' | 'groupBy'>,
  lookup: (name: string) => MetricSummary | null,
): { message: string; field: string } | null {
  for (const field of ['demandMetric', 'supplyMetric'] as const) {
    const metric = lookup(rule[field]);
    if (!metric) return { message: `no metric named ${rule[field]}`, field };
    const dims = metricDimensions(metric, lookup);
    const missing = rule.groupBy.find((d) => !dims.includes(d));
    if (missing !== undefined) {
      return { message: `metric ${metric.name} cannot be grouped by ${missing}`, field: 'groupBy' };
    }
  }
  return null;
}

/** Parses a whole surge rule (a stored one merged with a change); the 400 names the first bad field. */
export function parseSurgeRuleInput(raw: unknown): CreateSurgeRuleInput {
  const result = createSurgeRuleInputSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ValidationError(
    issue?.message ?? 'invalid surge rule',
    issue?.path.map(String).join('.') || undefined,
  );
}
