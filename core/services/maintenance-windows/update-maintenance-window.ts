import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { maintenanceWindows } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError, ValidationError } from '@/core/errors';
import { toMaintenanceWindowView } from '@/core/queries/rules/list-maintenance-windows';
import { recordAudit } from '@/core/services/audit/record-audit';
import { changesNothing } from '@/core/services/unchanged';
import { toDate, type MaintenanceWindowContext } from './create-maintenance-window';
import { checkSchedule, type UpdateMaintenanceWindowInput } from './schemas';
import type { MaintenanceWindowView } from '@/contracts/responses/alerting';

const scheduleSchema = z
  .object({ recurrence: z.unknown(), startsAt: z.string().nullable(), endsAt: z.string().nullable() })
  .superRefine(checkSchedule);

/** Changes a window; switching between recurring and one-off means setting the other side to null. */
export async function updateMaintenanceWindow({
  ctx,
  id,
  input,
}: {
  ctx: MaintenanceWindowContext;
  id: string;
  input: UpdateMaintenanceWindowInput;
}): Promise<MaintenanceWindowView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(maintenanceWindows)
      .where(eq(maintenanceWindows.id, id))
      .for('update');
    if (!current) throw new NotFoundError(`no maintenance window with id ${id}`);
    if (changesNothing(current, input)) return toMaintenanceWindowView(current);
    const schedule = scheduleSchema.safeParse({
      recurrence: input.recurrence !== undefined ? input.recurrence : current.recurrence,
      startsAt: input.startsAt !== undefined ? input.startsAt : (current.startsAt?.toISOString() ?? null),
      endsAt: input.endsAt !== undefined ? input.endsAt : (current.endsAt?.toISOString() ?? null),
    });
    if (!schedule.success) {
      const issue = schedule.error.issues[0];
      throw new ValidationError(issue?.message ?? 'invalid schedule', issue?.path.join('.'));
    }
    const [row] = await tx
      .update(maintenanceWindows)
      .set({
        ...input,
        startsAt: toDate(input.startsAt),
        endsAt: toDate(input.endsAt),
        updatedAt: new Date(),
      })
      .where(eq(maintenanceWindows.id, id))
      .returning();
    if (!row) throw new NotFoundError(`no maintenance window with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'maintenance_window.update',
      targetType: 'maintenance_window',
      targetId: id,
      changes: input,
    });
    return toMaintenanceWindowView(row);
  });
}
