import type { rules } from '@/db/schema';
import type { RuleKindName } from '@/lib/alerting/kinds';
import type { RuleView } from '@/contracts/responses/alerting';
import { toEvaluationFailure } from './evaluation-failure';

export function toRuleView(row: typeof rules.$inferSelect): RuleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind as RuleKindName,
    metric: row.metric,
    groupBy: row.groupBy,
    window: row.window,
    params: row.params,
    pendingSeconds: row.pendingSeconds,
    severity: row.severity,
    labels: row.labels,
    runbookUrl: row.runbookUrl,
    channelIds: row.channelIds,
    policyId: row.policyId,
    notifyBudgetPerHour: row.notifyBudgetPerHour,
    autoResolve: row.autoResolve,
    enabled: row.enabled,
    demo: row.demo,
    evaluationFailure: toEvaluationFailure(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
