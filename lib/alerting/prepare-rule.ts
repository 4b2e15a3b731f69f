import { ZodError } from 'zod';
import type { AlertMetric } from './evaluate';
import { ruleKind } from './kinds';
import type { PreparedKind } from './kinds/kind';
import { ruleWindowMs, type RuleWindow, type Severity } from './types';

/** The fields of a rule the engine reads. */
export type RuleDefinition = {
  id: string;
  name: string;
  kind: string;
  metric: string;
  groupBy: string[];
  window: RuleWindow;
  params: unknown;
  pendingSeconds: number;
  severity: Severity;
  labels: Record<string, string>;
  autoResolve: boolean;
};

export type PreparedRule = RuleDefinition & {
  evaluator: PreparedKind;
  alertMetric: AlertMetric;
  windowMs: number;
  pendingMs: number;
};

/** A rule that cannot be evaluated against the current catalogue; `field` names the culprit. */
export class RuleConfigError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'RuleConfigError';
  }
}

/** Dimensions a metric can be split by; a ratio only by those both its parts are stored by. */
export function metricDimensions(
  metric: AlertMetric,
  lookup: (name: string) => AlertMetric | null,
): string[] {
  if (!metric.ratioOf) return metric.dimensions;
  const num = lookup(metric.ratioOf.numerator)?.dimensions ?? [];
  const den = lookup(metric.ratioOf.denominator)?.dimensions ?? [];
  return num.filter((d) => den.includes(d));
}

/** Binds a rule to its kind and metric, checking both against the catalogue. */
export function prepareRule(
  rule: RuleDefinition,
  lookup: (name: string) => AlertMetric | null,
): PreparedRule {
  const kind = ruleKind(rule.kind);
  if (!kind) throw new RuleConfigError(`unknown rule kind ${rule.kind}`, 'kind');
  let evaluator: PreparedKind;
  try {
    evaluator = kind.prepare(rule.params);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const issue = error.issues[0];
    throw new RuleConfigError(
      issue?.message ?? 'invalid params',
      ['params', ...(issue?.path ?? [])].join('.'),
    );
  }
  const metric = lookup(rule.metric);
  if (!metric) throw new RuleConfigError(`no metric named ${rule.metric}`, 'metric');
  if (metric.ratioOf && (!lookup(metric.ratioOf.numerator) || !lookup(metric.ratioOf.denominator))) {
    throw new RuleConfigError(`the ratio ${rule.metric} names a missing metric`, 'metric');
  }
  const dimensions = metricDimensions(metric, lookup);
  for (const dim of rule.groupBy) {
    if (!dimensions.includes(dim)) {
      throw new RuleConfigError(
        `metric ${metric.name} cannot be grouped by ${dim}; its dimensions are ${dimensions.join(', ') || 'none'}`,
        'groupBy',
      );
    }
  }
  for (const dim of Object.keys(evaluator.filter)) {
    if (!dimensions.includes(dim)) {
      throw new RuleConfigError(`metric ${metric.name} is not stored by ${dim}`, 'params');
    }
  }
  return {
    ...rule,
    evaluator,
    alertMetric: metric,
    windowMs: ruleWindowMs[rule.window],
    pendingMs: rule.pendingSeconds * 1000,
  };
}
