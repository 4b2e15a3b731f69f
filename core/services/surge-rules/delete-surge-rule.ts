import { and, eq, ne } from 'drizzle-orm';
import { incidents, surgeRules } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { publishIncidents } from '@/core/services/incidents/publish';
import { addTimeline } from '@/core/services/incidents/timeline';
import type { SurgeRuleContext } from './create-surge-rule';

/**
 * Removes a surge rule with its group states and change history. Its open incidents are resolved by the
 * person deleting it, since nothing would ever clear them; its incident history stays, under its name.
 */
export async function deleteSurgeRule({ ctx, id }: { ctx: SurgeRuleContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  const resolved = await ctx.db.transaction(async (tx) => {
    const [rule] = await tx
      .select({ name: surgeRules.name })
      .from(surgeRules)
      .where(eq(surgeRules.id, id))
      .for('update');
    if (!rule) throw new NotFoundError(`no surge rule with id ${id}`);
    const at = new Date();
    const closed = await tx
      .update(incidents)
      .set({ status: 'resolved', resolvedAt: at, resolvedBy: actor.userId, updatedAt: at })
      .where(and(eq(incidents.surgeRuleId, id), ne(incidents.status, 'resolved')))
      .returning({ id: incidents.id });
    for (const { id: incidentId } of closed) {
      await addTimeline(tx, incidentId, [
        { kind: 'resolved', at, actor, data: { reason: 'surge rule deleted' } },
      ]);
    }
    await tx.delete(surgeRules).where(eq(surgeRules.id, id));
    await recordAudit(tx, actor, {
      action: 'surge_rule.delete',
      targetType: 'surge_rule',
      targetId: id,
      changes: { name: rule.name, resolvedIncidents: closed.length },
    });
    return closed.map((c) => c.id);
  });
  await publishIncidents(ctx.db, ctx.publish, resolved);
}
