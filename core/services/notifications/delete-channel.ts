import { eq, sql } from 'drizzle-orm';
import { channels, notificationPolicies, rules } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { NotifyContext } from './context';

/**
 * Removes a channel and its delivery log, and takes its id out of the rules and policy steps naming it,
 * so none of them keeps a target that is gone. A step left without channels stays (as an empty step), so
 * the later steps keep their places in escalations already under way.
 */
export async function deleteChannel({ ctx, id }: { ctx: NotifyContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    const named = sql`jsonb_build_array(${id}::text)`;
    const namesIt = sql`${notificationPolicies.steps} @> jsonb_build_array(jsonb_build_object('channelIds', ${named}))`;
    // Lock order with a rule's or policy's save (its row, then the channels it names, FOR SHARE): the rows
    // naming the channel, then the channel; the detach below then also sees a save that named it meanwhile.
    await tx
      .select({ id: rules.id })
      .from(rules)
      .where(sql`${rules.channelIds} @> ${named}`)
      .for('update');
    await tx.select({ id: notificationPolicies.id }).from(notificationPolicies).where(namesIt).for('update');
    const [row] = await tx
      .delete(channels)
      .where(eq(channels.id, id))
      .returning({ name: channels.name, type: channels.type });
    if (!row) throw new NotFoundError(`no channel with id ${id}`);
    const detachedRules = await tx
      .update(rules)
      .set({ channelIds: sql`${rules.channelIds} - ${id}::text`, updatedAt: new Date() })
      .where(sql`${rules.channelIds} @> ${named}`)
      .returning({ id: rules.id });
    const detachedPolicies = await tx
      .update(notificationPolicies)
      .set({
        steps: sql`(select jsonb_agg(jsonb_set(s, '{channelIds}', (s -> 'channelIds') - ${id}::text) order by i)
          from jsonb_array_elements(${notificationPolicies.steps}) with ordinality as e(s, i))`,
        updatedAt: new Date(),
      })
      .where(namesIt)
      .returning({ id: notificationPolicies.id });
    await recordAudit(tx, actor, {
      action: 'channel.delete',
      targetType: 'channel',
      targetId: id,
      changes: {
        ...row,
        ...(detachedRules.length ? { rules: detachedRules.map((r) => r.id) } : {}),
        ...(detachedPolicies.length ? { policies: detachedPolicies.map((p) => p.id) } : {}),
      },
    });
  });
}
