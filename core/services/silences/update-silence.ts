import { eq } from 'drizzle-orm';
import { silences } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { toSilenceView } from '@/core/queries/rules/list-silences';
import { recordAudit } from '@/core/services/audit/record-audit';
import { changesNothing } from '@/core/services/unchanged';
import { checkPeriod, type SilenceContext } from './create-silence';
import type { UpdateSilenceInput } from './schemas';
import type { SilenceView } from '@/contracts/responses/alerting';

/** Changes a silence's matchers, period or comment; ending it early is `endsAt` now. */
export async function updateSilence({
  ctx,
  id,
  input,
}: {
  ctx: SilenceContext;
  id: string;
  input: UpdateSilenceInput;
}): Promise<SilenceView> {
  const actor = requireRole(ctx.actor, 'operator');
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(silences).where(eq(silences.id, id)).for('update');
    if (!current) throw new NotFoundError(`no silence with id ${id}`);
    if (changesNothing(current, input)) return toSilenceView(current);
    const startsAt = input.startsAt ? new Date(input.startsAt) : current.startsAt;
    const endsAt = input.endsAt ? new Date(input.endsAt) : current.endsAt;
    checkPeriod(startsAt, endsAt);
    const [row] = await tx
      .update(silences)
      .set({
        matchers: input.matchers ?? current.matchers,
        comment: input.comment ?? current.comment,
        startsAt,
        endsAt,
        updatedAt: new Date(),
      })
      .where(eq(silences.id, id))
      .returning();
    if (!row) throw new NotFoundError(`no silence with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'silence.update',
      targetType: 'silence',
      targetId: id,
      changes: input,
    });
    return toSilenceView(row);
  });
}
