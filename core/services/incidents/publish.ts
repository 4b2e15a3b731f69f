import type { Redis } from 'ioredis';
import { incidentsChannel } from '@/lib/redis-names';
import type { DbOrTx } from '@/db/tx';
import { getIncident } from '@/core/queries/incidents/get-incident';
import { NotFoundError } from '@/core/errors';
import type { IncidentView } from '@/contracts/responses/alerting';

/** Sends an incident, as the API returns it, to every open dashboard. */
export type IncidentPublisher = (incident: IncidentView) => Promise<void>;

/** Publishes on the incidents channel, which every web process relays to its sockets. Best effort: the database has it. */
export function redisIncidentPublisher(redis: Pick<Redis, 'publish'>, prefix: string): IncidentPublisher {
  return (incident) =>
    redis.publish(incidentsChannel(prefix), JSON.stringify(incident)).then(
      () => undefined,
      () => undefined,
    );
}

/** Publishes the given incidents as they are now, after the transaction that changed them committed. */
export async function publishIncidents(
  db: DbOrTx,
  publish: IncidentPublisher | undefined,
  ids: Iterable<string>,
): Promise<void> {
  if (!publish) return;
  for (const id of new Set(ids)) {
    const incident = await getIncident(db, id);
    if (incident) await publish(incident);
  }
}

/** The incident as it is now, published; for the verbs that change one incident. */
export async function publishIncident(
  db: DbOrTx,
  publish: IncidentPublisher | undefined,
  id: string,
): Promise<IncidentView> {
  const incident = await getIncident(db, id);
  if (!incident) throw new NotFoundError(`no incident with id ${id}`);
  await publish?.(incident);
  return incident;
}
