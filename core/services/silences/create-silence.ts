import { silences } from '@/db/schema';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { ValidationError } from '@/core/errors';
import { toSilenceView } from '@/core/queries/rules/list-silences';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { CreateSilenceInput } from './schemas';
import type { SilenceView } from '@/contracts/responses/alerting';

export type SilenceContext = { db: Db; actor: Actor | null };

export function checkPeriod(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) throw new ValidationError('endsAt must be after startsAt', 'endsAt');
}

/** Operators silence a rule, labels or series for a while: matching firings open no incident. */
export async function createSilence({
  ctx,
  input,
}: {
  ctx: SilenceContext;
  input: CreateSilenceInput;
}): Promise<SilenceView> {
  const actor = requireRole(ctx.actor, 'operator');
  const startsAt = input.startsAt ? new Date(input.startsAt) : new Date();
  const endsAt = new Date(input.endsAt);
  checkPeriod(startsAt, endsAt);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(silences)
      .values({
        matchers: input.matchers,
        startsAt,
        endsAt,
        comment: input.comment,
        createdBy: actor.userId,
        createdByEmail: actor.email,
      })
      .returning();
    if (!row) throw new Error('insert returned no silence');
    await recordAudit(tx, actor, {
      action: 'silence.create',
      targetType: 'silence',
      targetId: row.id,
      changes: input,
    });
    return toSilenceView(row);
  });
}
