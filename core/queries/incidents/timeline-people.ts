import { inArray } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import type { UserRef } from '@/contracts/responses/alerting';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The people a timeline names (who acted, whom an incident was assigned to), so the page can write
 * their names; the entries keep ids, and a renamed user shows under the new name.
 */
export async function timelinePeople(
  db: DbOrTx,
  entries: readonly { actorId: string | null; data: Record<string, unknown> }[],
): Promise<UserRef[]> {
  const ids = new Set<string>();
  for (const e of entries) {
    if (e.actorId) ids.add(e.actorId);
    const assignee = e.data.assigneeId;
    if (typeof assignee === 'string' && uuidPattern.test(assignee)) ids.add(assignee);
  }
  if (ids.size === 0) return [];
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(inArray(users.id, [...ids]));
}
