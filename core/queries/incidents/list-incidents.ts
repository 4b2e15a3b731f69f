import { and, eq, gte, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { incidents } from '@/db/schema';
import { z } from 'zod';
import { ValidationError } from '@/core/errors';
import { isoInstant } from '@/core/validation';
import type { DbOrTx } from '@/db/tx';
import type { ListIncidentsQuery } from '@/core/services/incidents/schemas';
import { selectIncidentViews } from './incident-view';
import type { IncidentList, IncidentView } from '@/contracts/responses/alerting';

const encodeCursor = (view: IncidentView) => Buffer.from(`${view.openedAt}|${view.id}`).toString('base64url');

const cursorTime = isoInstant('cursor');
const cursorId = z.uuid().toLowerCase();

/** The cursor's time (normalised to the ISO text PostgreSQL reads) and id, checked: a client may hand-make it. */
function decodeCursor(cursor: string): { openedAt: string; id: string } {
  const parts = Buffer.from(cursor, 'base64url').toString().split('|');
  const openedAt = cursorTime.safeParse(parts[0]);
  const id = cursorId.safeParse(parts[1]);
  if (parts.length !== 2 || !openedAt.success || !id.success) {
    throw new ValidationError('cursor is not one this API returned', 'cursor');
  }
  return { openedAt: new Date(openedAt.data).toISOString(), id: id.data };
}

/** Incidents, newest first, filtered by status, severity, rule or surge rule, assignee and opening time. */
export async function listIncidents(db: DbOrTx, query: ListIncidentsQuery): Promise<IncidentList> {
  const where: (SQL | undefined)[] = [];
  if (query.status === 'open') where.push(ne(incidents.status, 'resolved'));
  else if (query.status) where.push(eq(incidents.status, query.status));
  if (query.severity) where.push(eq(incidents.severity, query.severity));
  if (query.rule) where.push(eq(incidents.ruleId, query.rule));
  if (query.surgeRule) where.push(eq(incidents.surgeRuleId, query.surgeRule));
  if (query.metric) {
    where.push(sql`(${incidents.ruleId} in (select id from rules where metric = ${query.metric})
      or ${incidents.surgeRuleId} in (select id from surge_rules
        where demand_metric = ${query.metric} or supply_metric = ${query.metric}))`);
  }
  if (query.assignee === 'none') where.push(isNull(incidents.assigneeId));
  else if (query.assignee) where.push(eq(incidents.assigneeId, query.assignee));
  if (query.from) where.push(gte(incidents.openedAt, new Date(query.from)));
  if (query.to) where.push(lt(incidents.openedAt, new Date(query.to)));
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(sql`(${incidents.openedAt}, ${incidents.id}) < (${c.openedAt}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await selectIncidentViews(db, { where: and(...where), limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { incidents: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}
