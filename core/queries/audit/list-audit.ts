import { and, desc, eq, like, lt, or, type SQL } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import type { Db } from '@/db/client';
import type { AuditQuery } from './schemas';
import type { AuditEntryView } from '@/contracts/responses/access';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Audit entries matching the filters, newest first; `nextBefore` pages on. */
export async function listAudit(
  db: Db,
  query: AuditQuery,
): Promise<{ entries: AuditEntryView[]; nextBefore: string | null }> {
  const where: SQL[] = [];
  if (query.actor) {
    where.push(
      uuidPattern.test(query.actor)
        ? eq(auditLog.actorId, query.actor)
        : eq(auditLog.actorEmail, query.actor.toLowerCase()),
    );
  }
  if (query.action) {
    const exact = eq(auditLog.action, query.action);
    where.push(
      query.action.includes('.')
        ? exact
        : (or(exact, like(auditLog.action, `${escapeLike(query.action)}.%`)) as SQL),
    );
  }
  if (query.target) {
    const colon = query.target.indexOf(':');
    if (colon > 0) {
      where.push(eq(auditLog.targetType, query.target.slice(0, colon)));
      where.push(eq(auditLog.targetId, query.target.slice(colon + 1)));
    } else {
      where.push(or(eq(auditLog.targetId, query.target), eq(auditLog.targetType, query.target)) as SQL);
    }
  }
  if (query.before) {
    where.push(
      /^\d+$/.test(query.before)
        ? lt(auditLog.id, Number(query.before))
        : lt(auditLog.at, new Date(query.before)),
    );
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    entries: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorEmail: r.actorEmail,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      changes: r.changes,
    })),
    nextBefore: rows.length > query.limit ? String(page[page.length - 1]?.id) : null,
  };
}
