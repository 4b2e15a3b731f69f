import { and, eq, type SQL } from 'drizzle-orm';
import { incidents } from '@/db/schema';
import type { Db } from '@/db/client';
import type { IncidentEventKind } from '@/lib/alerting/types';
import { requireRole, type Actor } from '@/core/auth/context';
import { ConflictError, NotFoundError } from '@/core/errors';
import type { Tx } from '@/db/tx';
import { recordAudit } from '@/core/services/audit/record-audit';
import { publishIncident, type IncidentPublisher } from './publish';
import { addTimeline } from './timeline';
import type { IncidentView } from '@/contracts/responses/alerting';

export type IncidentContext = { db: Db; actor: Actor | null; publish?: IncidentPublisher };

type Change = {
  /** Extra condition on the row; when it fails the incident's current status is reported as a conflict. */
  when?: SQL;
  set: (at: Date, actor: Actor) => Partial<typeof incidents.$inferInsert>;
  timeline: IncidentEventKind;
  audit: string;
  data: Record<string, unknown>;
  /** Checks inside the transaction before the change (an assignee exists). */
  check?: (tx: Tx) => Promise<Record<string, unknown> | void>;
};

/**
 * The shape of every operator action on an incident: one conditional update, a timeline entry and an audit
 * row in one transaction, then the incident published as the API now returns it.
 */
export async function changeIncident(
  ctx: IncidentContext,
  id: string,
  change: Change,
): Promise<IncidentView> {
  const actor = requireRole(ctx.actor, 'operator');
  await ctx.db.transaction(async (tx) => {
    const extra = (await change.check?.(tx)) ?? {};
    const at = new Date();
    const [row] = await tx
      .update(incidents)
      .set({ ...change.set(at, actor), updatedAt: at })
      .where(and(eq(incidents.id, id), change.when))
      .returning({ id: incidents.id });
    if (!row) {
      const [current] = await tx
        .select({ status: incidents.status })
        .from(incidents)
        .where(eq(incidents.id, id));
      if (!current) throw new NotFoundError(`no incident with id ${id}`);
      throw new ConflictError(`the incident is ${current.status}`, 'status');
    }
    const data = { ...change.data, ...extra };
    await addTimeline(tx, id, [{ kind: change.timeline, at, actor, data }]);
    await recordAudit(tx, actor, {
      action: change.audit,
      targetType: 'incident',
      targetId: id,
      changes: data,
    });
  });
  return publishIncident(ctx.db, ctx.publish, id);
}
