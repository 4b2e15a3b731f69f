import { incidentEvents } from '@/db/schema';
import type { IncidentEventKind } from '@/lib/alerting/types';
import type { Actor } from '@/core/auth/context';
import type { DbOrTx } from '@/db/tx';

/** Appends timeline entries to an incident inside the caller's transaction; no actor means the rules engine. */
export async function addTimeline(
  tx: DbOrTx,
  incidentId: string,
  entries: { kind: IncidentEventKind; at: Date; data?: Record<string, unknown>; actor?: Actor }[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(incidentEvents).values(
    entries.map((e) => ({
      incidentId,
      at: e.at,
      kind: e.kind,
      actorId: e.actor?.userId ?? null,
      actorEmail: e.actor?.email ?? null,
      data: e.data ?? {},
    })),
  );
}
