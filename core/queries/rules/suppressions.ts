import { and, eq, gt, lte } from 'drizzle-orm';
import { maintenanceWindows, silences } from '@/db/schema';
import type { ActiveSilence, MaintenanceWindowSchedule } from '@/lib/alerting/suppression';
import type { DbOrTx } from '@/db/tx';

export type Suppressions = { silences: ActiveSilence[]; windows: MaintenanceWindowSchedule[] };

/** The silences in force at `now` and every enabled maintenance window (whether one is on needs its zone). */
export async function loadSuppressions(db: DbOrTx, now: number): Promise<Suppressions> {
  const at = new Date(now);
  const [silenceRows, windowRows] = await Promise.all([
    db
      .select()
      .from(silences)
      .where(and(lte(silences.startsAt, at), gt(silences.endsAt, at))),
    db.select().from(maintenanceWindows).where(eq(maintenanceWindows.enabled, true)),
  ]);
  return {
    silences: silenceRows.map((s) => ({
      id: s.id,
      matchers: s.matchers,
      startsAt: s.startsAt.getTime(),
      endsAt: s.endsAt.getTime(),
      comment: s.comment,
    })),
    windows: windowRows.map(toSchedule),
  };
}

export function toSchedule(w: typeof maintenanceWindows.$inferSelect): MaintenanceWindowSchedule {
  return {
    id: w.id,
    name: w.name,
    timeZone: w.timeZone,
    recurrence: w.recurrence ?? null,
    startsAt: w.startsAt?.getTime() ?? null,
    endsAt: w.endsAt?.getTime() ?? null,
    matchers: w.matchers,
    enabled: w.enabled,
  };
}
