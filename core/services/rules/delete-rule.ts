import { and, eq, ne } from 'drizzle-orm';
import { incidents, rules } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import { publishIncidents } from '@/core/services/incidents/publish';
import { addTimeline } from '@/core/services/incidents/timeline';
import type { RuleContext } from './create-rule';

/**
 * Removes a rule and its series states. Its open incidents are resolved by the person deleting it, since
 * nothing would ever clear them; its incident history stays, under the rule's name.
 */
export async function deleteRule({ ctx, id }: { ctx: RuleContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  const resolved = await ctx.db.transaction(async (tx) => {
    const [rule] = await tx.select({ name: rules.name }).from(rules).where(eq(rules.id, id)).for('update');
    if (!rule) throw new NotFoundError(`no rule with id ${id}`);
    const at = new Date();
    const closed = await tx
      .update(incidents)
      .set({ status: 'resolved', resolvedAt: at, resolvedBy: actor.userId, flapping: false, updatedAt: at })
      .where(and(eq(incidents.ruleId, id), ne(incidents.status, 'resolved')))
      .returning({ id: incidents.id });
    for (const { id: incidentId } of closed) {
      await addTimeline(tx, incidentId, [{ kind: 'resolved', at, actor, data: { reason: 'rule deleted' } }]);
    }
    await tx.delete(rules).where(eq(rules.id, id));
    await recordAudit(tx, actor, {
      action: 'rule.delete',
      targetType: 'rule',
      targetId: id,
      changes: { name: rule.name, resolvedIncidents: closed.length },
    });
    return closed.map((c) => c.id);
  });
  await publishIncidents(ctx.db, ctx.publish, resolved);
}
