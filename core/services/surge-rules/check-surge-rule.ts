import type { Db } from '@/db/client';
import { metricDimensions } from '@/lib/alerting/prepare-rule';
import { ValidationError } from '@/core/errors';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { createSurgeRuleInputSchema, type CreateSurgeRuleInput } from './schemas';

/** Checks a surge rule against the catalogue: both metrics exist and can be split by its grouping. */
export async function checkSurgeRule(db: Db, input: CreateSurgeRuleInput): Promise<void> {
  const catalogue = await listMetrics(db);
  const lookup = (name: string) => catalogue.find((m) => m.name === name) ?? null;
  for (const field of ['demandMetric', 'supplyMetric'] as const) {
    const metric = lookup(input[field]);
    if (!metric) throw new ValidationError(`no metric named ${input[field]}`, field);
    const dims = metricDimensions(metric, lookup);
    const missing = input.groupBy.find((d) => !dims.includes(d));
    if (missing !== undefined) {
      throw new ValidationError(`metric ${metric.name} cannot be grouped by ${missing}`, 'groupBy');
    }
  }
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
