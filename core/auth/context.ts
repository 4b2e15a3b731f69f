import { ForbiddenError, UnauthorizedError } from '@/core/errors';
import { hasRole, type Role } from '@/contracts/roles';

/** Who is acting: a person with a session, or a script with a personal token (same roles). */
export type Actor = { userId: string; email: string; name: string; role: Role; via: 'session' | 'token' };

/** Throws unless the actor exists and holds at least `role`; every service verb starts with it. */
export function requireRole(actor: Actor | null, role: Role): Actor {
  if (!actor) throw new UnauthorizedError();
  if (!hasRole(actor.role, role)) throw new ForbiddenError(`this needs the ${role} role`);
  return actor;
}
