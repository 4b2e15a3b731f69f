import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { hasRole } from '@/contracts/roles';
import { ValidationError } from '@/core/errors';
import { changeIncident, type IncidentContext } from './change-incident';
import type { AssignInput } from './schemas';
import type { IncidentView } from '@/contracts/responses/alerting';

/** Assigns an incident to an active operator or admin (someone who can work it), or unassigns it with null. */
export function assignIncident({
  ctx,
  id,
  input,
}: {
  ctx: IncidentContext;
  id: string;
  input: AssignInput;
}): Promise<IncidentView> {
  return changeIncident(ctx, id, {
    set: () => ({ assigneeId: input.userId }),
    timeline: 'assigned',
    audit: 'incident.assign',
    data: { assigneeId: input.userId },
    async check(tx) {
      if (input.userId === null) return { assigneeEmail: null };
      const [user] = await tx
        .select({ email: users.email, role: users.role, disabledAt: users.disabledAt })
        .from(users)
        .where(eq(users.id, input.userId));
      if (!user || user.disabledAt) throw new ValidationError('no active user with that id', 'userId');
      if (!hasRole(user.role, 'operator')) {
        throw new ValidationError(`${user.email} is a viewer and cannot act on incidents`, 'userId');
      }
      return { assigneeEmail: user.email };
    },
  });
}
