import { asc, eq } from 'drizzle-orm';
import { incidentEvents, incidents } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import { selectIncidentViews } from './incident-view';
import { timelinePeople } from './timeline-people';
import type { IncidentDetail, IncidentView } from '@/contracts/responses/alerting';

export async function getIncident(db: DbOrTx, id: string): Promise<IncidentView | null> {
  const [view] = await selectIncidentViews(db, { where: eq(incidents.id, id) });
  return view ?? null;
}

/** One incident with its whole timeline in the order it was written (the engine and people keep different clocks). */
export async function getIncidentDetail(db: DbOrTx, id: string): Promise<IncidentDetail | null> {
  const view = await getIncident(db, id);
  if (!view) return null;
  const events = await db
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, id))
    .orderBy(asc(incidentEvents.id));
  const people = await timelinePeople(db, events);
  return {
    ...view,
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      kind: e.kind,
      actor: e.actorEmail ? { id: e.actorId, email: e.actorEmail } : null,
      data: e.data,
    })),
    people,
  };
}
