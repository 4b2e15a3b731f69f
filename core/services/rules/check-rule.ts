import type { DbOrTx } from '@/db/tx';
import {
  prepareRule,
  RuleConfigError,
  type PreparedRule,
  type RuleDefinition,
} from '@/lib/alerting/prepare-rule';
import { sentimentMetricProblem, type SentimentMeasure } from '@/lib/alerting/kinds/sentiment';
import { ValidationError } from '@/core/errors';
import { listMetrics, type MetricSummary } from '@/core/queries/metrics/list-metrics';
import { createRuleInputSchema, type CreateRuleInput } from './schemas';

/** Checks a rule against the current catalogue (metric, grouping, the kind's needs) and binds it. */
export async function checkRule(db: DbOrTx, input: CreateRuleInput, id = 'draft'): Promise<PreparedRule> {
  const catalogue = await listMetrics(db);
  const lookup = (name: string) => catalogue.find((m) => m.name === name) ?? null;
  const problem = sentimentProblem(input, lookup);
  if (problem) throw new ValidationError(problem, 'metric');
  try {
    return prepareRule({ ...input, id }, lookup);
  } catch (error) {
    if (error instanceof RuleConfigError) throw new ValidationError(error.message, error.field);
    throw error;
  }
}

type Lookup = (name: string) => MetricSummary | null;

/** A sentiment rule's measure needs a metric of the matching aggregation and value field. */
function sentimentProblem(rule: Pick<RuleDefinition, 'kind' | 'metric' | 'params'>, lookup: Lookup) {
  const metric = lookup(rule.metric);
  const measure = (rule.params as { measure?: SentimentMeasure } | null)?.measure;
  if (rule.kind !== 'sentiment' || !metric || !measure) return null;
  return sentimentMetricProblem(measure, metric);
}

/**
 * Why a stored rule could not be evaluated against this catalogue (the worker's own check, and the
 * sentiment measure's), or null. Catalogue changes use it so they never leave a rule that cannot fire.
 */
export function ruleProblem(rule: RuleDefinition, lookup: Lookup): string | null {
  try {
    prepareRule(rule, lookup);
  } catch (error) {
    if (error instanceof RuleConfigError) return error.message;
    throw error;
  }
  return sentimentProblem(rule, lookup);
}

/** Parses a whole rule (a stored rule merged with a change); the 400 names the first offending field. */
export function parseRuleInput(raw: unknown): CreateRuleInput {
  const result = createRuleInputSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ValidationError(issue?.message ?? 'invalid rule', issue?.path.map(String).join('.') || undefined);
}
