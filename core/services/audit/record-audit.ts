import { auditLog } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Actor } from '@/core/auth/context';
import type { Tx } from '@/db/tx';

/**
 * Writes one audit entry, inside the caller's transaction so the change and its record commit together.
 * The actor is who acted, or for a failed login the e-mail that was tried (no user id when it is unknown).
 */
export async function recordAudit(
  tx: Db | Tx,
  actor: Pick<Actor, 'email'> & { userId: string | null },
  entry: { action: string; targetType: string; targetId: string; changes?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.userId,
    actorEmail: actor.email,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    changes: entry.changes ?? {},
  });
}
