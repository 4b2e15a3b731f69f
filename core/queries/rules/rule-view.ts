import type { rules } from '@/db/schema';
import type { RuleKindName } from '@/lib/alerting/kinds';
import type { RuleWindow, Severity } from '@/lib/alerting/types';

/** A rule as the REST API returns it. */
export type RuleView = {
  id: string;
  name: string;
  description: string;
  kind: RuleKindName;
  metric: string;
  groupBy: string[];
  window: RuleWindow;
  params: Record<string, unknown>;
  pendingSeconds: number;
  severity: Severity;
  labels: Record<string, string>;
  runbookUrl: string | null;
  channelIds: string[];
  policyId: string | null;
  notifyBudgetPerHour: number | null;
  autoResolve: boolean;
  enabled: boolean;
  /** Seeded by the demo as an example (shown with a Demo badge); editable and removable like any other. */
  demo: boolean;
  createdAt: string;
  updatedAt: string;
};

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
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
