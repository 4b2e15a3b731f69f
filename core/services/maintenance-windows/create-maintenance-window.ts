import { maintenanceWindows } from '@/db/schema';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { toMaintenanceWindowView } from '@/core/queries/rules/list-maintenance-windows';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { CreateMaintenanceWindowInput } from './schemas';
import type { MaintenanceWindowView } from '@/contracts/responses/alerting';

export type MaintenanceWindowContext = { db: Db; actor: Actor | null };

/** ISO instants of the API as the columns' dates; undefined stays undefined (unchanged). */
export function toDate(value: string | null): Date | null;
export function toDate(value: string | null | undefined): Date | null | undefined;
export function toDate(value: string | null | undefined): Date | null | undefined {
  return value == null ? value : new Date(value);
}

/** Admins plan maintenance: recurring in a time zone, or one period. */
export async function createMaintenanceWindow({
  ctx,
  input,
}: {
  ctx: MaintenanceWindowContext;
  input: CreateMaintenanceWindowInput;
}): Promise<MaintenanceWindowView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(maintenanceWindows)
      .values({
        ...input,
        startsAt: toDate(input.startsAt),
        endsAt: toDate(input.endsAt),
        createdBy: actor.userId,
        createdByEmail: actor.email,
      })
      .returning();
    if (!row) throw new Error('insert returned no maintenance window');
    await recordAudit(tx, actor, {
      action: 'maintenance_window.create',
      targetType: 'maintenance_window',
      targetId: row.id,
      changes: input,
    });
    return toMaintenanceWindowView(row);
  });
}
