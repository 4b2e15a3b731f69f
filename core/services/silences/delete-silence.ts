import { eq } from 'drizzle-orm';
import { silences } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { SilenceContext } from './create-silence';

/** Removes a silence; a series it held quiet that still fires opens its incident at the next evaluation. */
export async function deleteSilence({ ctx, id }: { ctx: SilenceContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'operator');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(silences).where(eq(silences.id, id)).returning();
    if (!row) throw new NotFoundError(`no silence with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'silence.delete',
      targetType: 'silence',
      targetId: id,
      changes: { matchers: row.matchers, comment: row.comment },
    });
  });
}
