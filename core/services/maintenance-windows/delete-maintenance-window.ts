import { eq } from 'drizzle-orm';
import { maintenanceWindows } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { MaintenanceWindowContext } from './create-maintenance-window';

export async function deleteMaintenanceWindow({
  ctx,
  id,
}: {
  ctx: MaintenanceWindowContext;
  id: string;
}): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(maintenanceWindows).where(eq(maintenanceWindows.id, id)).returning();
    if (!row) throw new NotFoundError(`no maintenance window with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'maintenance_window.delete',
      targetType: 'maintenance_window',
      targetId: id,
      changes: { name: row.name },
    });
  });
}
