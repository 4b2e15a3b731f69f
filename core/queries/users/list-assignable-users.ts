import { and, asc, inArray, isNull } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import type { AssignableUser } from '@/contracts/responses/access';
import type { Role } from '@/contracts/roles';

/** Roles that may acknowledge and resolve, so an incident assigned to them can be worked. */
export const assignableRoles = ['operator', 'admin'] as const satisfies readonly Role[];

export async function listAssignableUsers(db: DbOrTx): Promise<AssignableUser[]> {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(isNull(users.disabledAt), inArray(users.role, [...assignableRoles])))
    .orderBy(asc(users.name), asc(users.email));
}
