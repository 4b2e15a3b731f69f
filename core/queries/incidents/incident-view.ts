import { eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { incidents, rules, users } from '@/db/schema';
import type { IncidentStatus, SeriesLabels, Severity } from '@/lib/alerting/types';
import type { DbOrTx } from '@/db/tx';

export type UserRef = { id: string; email: string; name: string };

/** An incident as the REST API returns it and as the socket `incident` frame carries it. */
export type IncidentView = {
  id: string;
  /** The alert rule; null for a surge incident or once the rule is deleted. */
  ruleId: string | null;
  /** The surge rule, for an incident a surge opened above its incident multiplier. */
  surgeRuleId: string | null;
  ruleName: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  series: SeriesLabels;
  seriesKey: string;
  /** The rule's labels and runbook (empty once the rule is deleted). */
  labels: Record<string, string>;
  runbookUrl: string | null;
  value: number | null;
  threshold: number | null;
  flapping: boolean;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: UserRef | null;
  resolvedAt: string | null;
  /** `auto` when the rule cleared. */
  resolvedBy: UserRef | 'auto' | null;
  assignee: UserRef | null;
  dedupKey: string;
  reopenedCount: number;
  updatedAt: string;
};

const ackUser = alias(users, 'ack_user');
const resolveUser = alias(users, 'resolve_user');
const assignee = alias(users, 'assignee_user');

/** Incidents with their people and rule, as views; `where`, order and limit are the caller's. */
export async function selectIncidentViews(
  db: DbOrTx,
  options: { where?: SQL; orderBy?: SQL[]; limit?: number },
): Promise<IncidentView[]> {
  let query = db
    .select({
      incident: incidents,
      labels: rules.labels,
      runbookUrl: rules.runbookUrl,
      ack: { id: ackUser.id, email: ackUser.email, name: ackUser.name },
      resolver: { id: resolveUser.id, email: resolveUser.email, name: resolveUser.name },
      assignee: { id: assignee.id, email: assignee.email, name: assignee.name },
    })
    .from(incidents)
    .leftJoin(rules, eq(rules.id, incidents.ruleId))
    .leftJoin(ackUser, eq(ackUser.id, incidents.acknowledgedBy))
    .leftJoin(resolveUser, sql`${resolveUser.id}::text = ${incidents.resolvedBy}`)
    .leftJoin(assignee, eq(assignee.id, incidents.assigneeId))
    .where(options.where)
    .orderBy(...(options.orderBy ?? [sql`${incidents.openedAt} desc`, sql`${incidents.id} desc`]))
    .$dynamic();
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query;
  return rows.map(({ incident: i, labels, runbookUrl, ack, resolver, assignee: assigned }) => ({
    id: i.id,
    ruleId: i.ruleId,
    surgeRuleId: i.surgeRuleId,
    ruleName: i.ruleName,
    title: i.title,
    status: i.status,
    severity: i.severity,
    series: i.series,
    seriesKey: i.seriesKey,
    labels: labels ?? {},
    runbookUrl: runbookUrl ?? null,
    value: i.value,
    threshold: i.threshold,
    flapping: i.flapping,
    openedAt: i.openedAt.toISOString(),
    acknowledgedAt: i.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: ack,
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    resolvedBy: i.resolvedBy === 'auto' ? 'auto' : resolver,
    assignee: assigned,
    dedupKey: i.dedupKey,
    reopenedCount: i.reopenedCount,
    updatedAt: i.updatedAt.toISOString(),
  }));
}
