import { eq } from 'drizzle-orm';
import { channels } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { NotifyContext } from './context';

/** Removes a channel and its delivery log; rules and policies naming it simply skip it from then on. */
export async function deleteChannel({ ctx, id }: { ctx: NotifyContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(channels)
      .where(eq(channels.id, id))
      .returning({ name: channels.name, type: channels.type });
    if (!row) throw new NotFoundError(`no channel with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'channel.delete',
      targetType: 'channel',
      targetId: id,
      changes: row,
    });
  });
}
