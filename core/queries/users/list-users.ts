import { and, asc, count, eq, gt } from 'drizzle-orm';
import { sessions, users } from '@/db/schema';
import type { Db } from '@/db/client';
import type { UserView } from '@/contracts/responses/access';

type UserRow = typeof users.$inferSelect;

export function toUserView(row: UserRow, activeSessions = 0): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    timeZone: row.timeZone,
    disabled: row.disabledAt !== null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    activeSessions,
  };
}

/** Every user, by e-mail, with the number of live sessions each has. */
export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db
    .select({ user: users, sessions: count(sessions.id) })
    .from(users)
    .leftJoin(sessions, and(eq(sessions.userId, users.id), gt(sessions.expiresAt, new Date())))
    .groupBy(users.id)
    .orderBy(asc(users.email));
  return rows.map((r) => toUserView(r.user, r.sessions));
}

export async function getUser(db: Db, id: string): Promise<UserView | null> {
  const rows = await db
    .select({ user: users, sessions: count(sessions.id) })
    .from(users)
    .leftJoin(sessions, and(eq(sessions.userId, users.id), gt(sessions.expiresAt, new Date())))
    .where(eq(users.id, id))
    .groupBy(users.id);
  const row = rows[0];
  return row ? toUserView(row.user, row.sessions) : null;
}
