import { sql } from 'drizzle-orm';
import { incidentEvents } from '@/db/schema';
import type { IncidentEventKind } from '@/lib/alerting/types';
import type { Actor } from '@/core/auth/context';
import type { DbOrTx } from '@/db/tx';

/** The incident changes that notify; `notification` entries (our own attempts) and notes never do. */
export const outboxKinds = ['opened', 'reopened', 'flapping', 'acknowledged', 'resolved'] as const;

/** LISTEN/NOTIFY channel that wakes the outbox reader when such a change commits (workers/notify). */
export const outboxChannel = 'pulseboard_outbox';

const wakes = (kind: IncidentEventKind) => (outboxKinds as readonly string[]).includes(kind);

/**
 * Appends timeline entries to an incident inside the caller's transaction; no actor means the rules engine.
 * An entry the outbox reads also queues a NOTIFY, which PostgreSQL delivers only if the transaction commits.
 */
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
  if (entries.some((e) => wakes(e.kind))) await tx.execute(sql`select pg_notify(${outboxChannel}, '')`);
}
