import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { apiTokens, sessions, users } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Actor } from './context';
import { sha256 } from './hashing';
import { notifyRevocation } from './revocations';

export const sessionCookieName = 'pb_session';
export const sessionTtlMs = 7 * 24 * 3600 * 1000;

/** Creates a session and returns the cookie value; only its hash is stored. */
export async function createSession(db: Db, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionTtlMs);
  await db.insert(sessions).values({ id: sha256(token), userId, expiresAt });
  return { token, expiresAt };
}

/** Logs out: the session ends, and so do the sockets that were opened with it (on every web process). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  const id = sha256(token);
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, id));
    await notifyRevocation(tx, { credential: id });
  });
}

export async function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256(token)), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)))
    .limit(1);
  const row = rows[0];
  return row ? { userId: row.id, email: row.email, name: row.name, role: row.role, via: 'session' } : null;
}

/** A personal token acts with its user's current role; revoked, expired or disabled-user tokens do not. */
export async function actorFromToken(db: Db, token: string): Promise<Actor | null> {
  const now = new Date();
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  // Last use is shown to the owner; written at most once a minute per token, off the request's path.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    db.update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, row.tokenId),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - 60_000))),
        ),
      )
      .then(
        () => {},
        () => {},
      );
  }
  return { userId: row.id, email: row.email, name: row.name, role: row.role, via: 'token' };
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A value that is not percent-encoding is no session of ours: no cookie, not a 500.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
