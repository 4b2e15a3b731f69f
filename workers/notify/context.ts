import { incidents, rules } from '@/db/schema';
import type { NotifyAction, NotifyMessage } from '@/lib/notifications/message';

export type IncidentRow = typeof incidents.$inferSelect;
export type RuleRow = typeof rules.$inferSelect;

/** Links back to the console: the incident, and the one-click acknowledge (after login). */
export function incidentLinks(publicUrl: string, incidentId: string): NotifyMessage['links'] {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    incident: `${base}/incidents/${incidentId}`,
    acknowledge: `${base}/incidents/${incidentId}?ack=1`,
  };
}

/** The message a delivery carries, captured when the change is read from the timeline. */
export function buildMessage(input: {
  action: NotifyAction;
  at: Date;
  incident: IncidentRow;
  rule: RuleRow | null;
  data?: Record<string, unknown>;
  actor?: string | null;
  step?: number | null;
  publicUrl: string;
}): NotifyMessage {
  const { incident: i, data = {} } = input;
  const num = (v: unknown, fallback: number | null) =>
    typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  return {
    action: input.action,
    at: input.at.toISOString(),
    incident: {
      id: i.id,
      title: i.title,
      severity: i.severity,
      ruleName: i.ruleName,
      ruleId: i.ruleId,
      series: i.series,
      labels: input.rule?.labels ?? {},
      value: num(data.value, i.value),
      threshold: num(data.threshold, i.threshold),
      dedupKey: i.dedupKey,
      openedAt: i.openedAt.toISOString(),
      runbookUrl: input.rule?.runbookUrl ?? null,
    },
    actor: input.actor ?? null,
    note: typeof data.note === 'string' ? data.note : null,
    step: input.step ?? null,
    links: incidentLinks(input.publicUrl, i.id),
  };
}
