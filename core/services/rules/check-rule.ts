import type { Db } from '@/db/client';
import { prepareRule, RuleConfigError, type PreparedRule } from '@/lib/alerting/prepare-rule';
import { sentimentMetricProblem } from '@/lib/alerting/kinds/sentiment';
import { ValidationError } from '@/core/errors';
import { listMetrics } from '@/core/queries/metrics/list-metrics';
import { createRuleInputSchema, type CreateRuleInput } from './schemas';

/** Checks a rule against the current catalogue (metric, grouping, the kind's needs) and binds it. */
export async function checkRule(db: Db, input: CreateRuleInput, id = 'draft'): Promise<PreparedRule> {
  const catalogue = await listMetrics(db);
  const metric = catalogue.find((m) => m.name === input.metric);
  const problem =
    input.kind === 'sentiment' && metric ? sentimentMetricProblem(input.params.measure, metric) : null;
  if (problem) throw new ValidationError(problem, 'metric');
  try {
    return prepareRule({ ...input, id }, (name) => catalogue.find((m) => m.name === name) ?? null);
  } catch (error) {
    if (error instanceof RuleConfigError) throw new ValidationError(error.message, error.field);
    throw error;
  }
}

/** Parses a whole rule (a stored rule merged with a change); the 400 names the first offending field. */
export function parseRuleInput(raw: unknown): CreateRuleInput {
  const result = createRuleInputSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ValidationError(issue?.message ?? 'invalid rule', issue?.path.map(String).join('.') || undefined);
}
