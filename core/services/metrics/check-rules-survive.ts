import { rules, surgeRules } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import { ConflictError } from '@/core/errors';
import type { MetricSummary } from '@/core/queries/metrics/list-metrics';
import { ruleProblem } from '@/core/services/rules/check-rule';
import { surgeRuleProblem } from '@/core/services/surge-rules/check-surge-rule';

const lookupIn = (catalogue: readonly MetricSummary[]) => (name: string) =>
  catalogue.find((m) => m.name === name) ?? null;

/**
 * Refuses a catalogue change (`after` instead of `before`) that would leave a rule or surge rule unable
 * to evaluate: the worker would skip it every tick and it would never fire. A rule that was already
 * broken does not block the change.
 */
export async function checkRulesSurvive(
  db: DbOrTx,
  before: readonly MetricSummary[],
  after: readonly MetricSummary[],
): Promise<void> {
  const [was, will] = [lookupIn(before), lookupIn(after)];
  const [ruleRows, surgeRows] = await Promise.all([db.select().from(rules), db.select().from(surgeRules)]);
  const broken: string[] = [];
  for (const rule of ruleRows) {
    const problem = ruleProblem(rule, will);
    if (problem && !ruleProblem(rule, was)) broken.push(`rule "${rule.name}" (${problem})`);
  }
  for (const rule of surgeRows) {
    const problem = surgeRuleProblem(rule, will);
    if (problem && !surgeRuleProblem(rule, was))
      broken.push(`surge rule "${rule.name}" (${problem.message})`);
  }
  if (broken.length === 0) return;
  const more = broken.length > 1 ? ` and ${broken.length - 1} more` : '';
  throw new ConflictError(
    `${broken[0]}${more} would stop evaluating; change or delete ${broken.length > 1 ? 'them' : 'it'} first`,
  );
}
