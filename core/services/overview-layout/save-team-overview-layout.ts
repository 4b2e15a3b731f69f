import { isNull, sql } from 'drizzle-orm';
import { overviewLayouts } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { getOverviewLayout } from '@/core/queries/overview-layout/get-overview-layout';
import { recordAudit } from '@/core/services/audit/record-audit';
import { checkPanels } from './check-panels';
import type { OverviewLayoutContext } from './context';
import type { OverviewLayoutInput } from './schemas';
import type { OverviewLayoutResponse } from '@/contracts/responses/overview-layout';

/** Admins set the team default: what everyone without a layout of their own sees. Audited. */
export async function saveTeamOverviewLayout({
  ctx,
  input,
}: {
  ctx: OverviewLayoutContext;
  input: OverviewLayoutInput;
}): Promise<OverviewLayoutResponse> {
  const actor = requireRole(ctx.actor, 'admin');
  await checkPanels(ctx.db, input);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ kpis: overviewLayouts.kpis, charts: overviewLayouts.charts })
      .from(overviewLayouts)
      .where(isNull(overviewLayouts.userId))
      .for('update');
    await tx
      .insert(overviewLayouts)
      .values({ userId: null, ...input, updatedByEmail: actor.email })
      .onConflictDoUpdate({
        target: overviewLayouts.userId,
        set: { ...input, updatedAt: sql`now()`, updatedByEmail: actor.email },
      });
    await recordAudit(tx, actor, {
      action: 'overview_layout.update_team_default',
      targetType: 'overview_layout',
      targetId: 'team',
      changes: { before: before ?? null, after: input },
    });
  });
  return getOverviewLayout(ctx.db, actor.userId);
}
