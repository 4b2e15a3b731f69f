import { asc, eq } from 'drizzle-orm';
import { maintenanceWindows } from '@/db/schema';
import { maintenanceWindowActiveAt } from '@/lib/alerting/suppression';
import type { Matchers, Recurrence } from '@/lib/alerting/types';
import type { DbOrTx } from '@/db/tx';
import { toSchedule } from './suppressions';

export type MaintenanceWindowView = {
  id: string;
  name: string;
  timeZone: string;
  recurrence: Recurrence | null;
  startsAt: string | null;
  endsAt: string | null;
  matchers: Matchers;
  enabled: boolean;
  /** Whether the window is in force right now. */
  activeNow: boolean;
  createdBy: { id: string | null; email: string };
  createdAt: string;
  updatedAt: string;
};

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
