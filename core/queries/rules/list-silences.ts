import { and, desc, eq, gt, lte, type SQL } from 'drizzle-orm';
import { silences } from '@/db/schema';
import type { ListSilencesQuery } from '@/core/services/silences/schemas';
import type { DbOrTx } from '@/db/tx';
import type { SilenceView } from '@/contracts/responses/alerting';

export function toSilenceView(row: typeof silences.$inferSelect, now = Date.now()): SilenceView {
  const state = row.startsAt.getTime() > now ? 'pending' : row.endsAt.getTime() > now ? 'active' : 'expired';
  return {
    id: row.id,
    matchers: row.matchers,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    comment: row.comment,
    state,
    createdBy: { id: row.createdBy, email: row.createdByEmail },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Silences, latest ending first, optionally only those pending, active or expired now. */
export async function listSilences(db: DbOrTx, query: ListSilencesQuery = {}): Promise<SilenceView[]> {
  const now = new Date();
  const where: Record<NonNullable<ListSilencesQuery['state']>, SQL | undefined> = {
    pending: gt(silences.startsAt, now),
    active: and(lte(silences.startsAt, now), gt(silences.endsAt, now)),
    expired: lte(silences.endsAt, now),
  };
  const rows = await db
    .select()
    .from(silences)
    .where(query.state ? where[query.state] : undefined)
    .orderBy(desc(silences.endsAt), desc(silences.id));
  return rows.map((r) => toSilenceView(r, now.getTime()));
}

export async function getSilence(db: DbOrTx, id: string): Promise<SilenceView | null> {
  const [row] = await db.select().from(silences).where(eq(silences.id, id));
  return row ? toSilenceView(row) : null;
}
