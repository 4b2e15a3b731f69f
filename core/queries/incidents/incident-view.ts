import { eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { incidents, rules, users } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import type { IncidentView } from '@/contracts/responses/alerting';
import { newestFirst } from '@/db/order';

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
    .orderBy(...(options.orderBy ?? [newestFirst(incidents.openedAt), sql`${incidents.id} desc`]))
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
