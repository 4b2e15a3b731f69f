import { asc, eq } from 'drizzle-orm';
import { maintenanceWindows } from '@/db/schema';
import { maintenanceWindowActiveAt } from '@/lib/alerting/suppression';
import type { DbOrTx } from '@/db/tx';
import { toSchedule } from './suppressions';
import type { MaintenanceWindowView } from '@/contracts/responses/alerting';

export function toMaintenanceWindowView(
  row: typeof maintenanceWindows.$inferSelect,
  now = Date.now(),
): MaintenanceWindowView {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    recurrence: row.recurrence ?? null,
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    matchers: row.matchers,
    enabled: row.enabled,
    activeNow: maintenanceWindowActiveAt(toSchedule(row), now),
    createdBy: { id: row.createdBy, email: row.createdByEmail },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listMaintenanceWindows(db: DbOrTx): Promise<MaintenanceWindowView[]> {
  const rows = await db.select().from(maintenanceWindows).orderBy(asc(maintenanceWindows.name));
  return rows.map((r) => toMaintenanceWindowView(r));
}

export async function getMaintenanceWindow(db: DbOrTx, id: string): Promise<MaintenanceWindowView | null> {
  const [row] = await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id));
  return row ? toMaintenanceWindowView(row) : null;
}
