import { eq } from 'drizzle-orm';
import { overviewLayouts } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { getOverviewLayout } from '@/core/queries/overview-layout/get-overview-layout';
import type { OverviewLayoutContext } from './context';
import type { OverviewLayoutResponse } from '@/contracts/responses/overview-layout';

/** Drops the caller's own layout, so they see the team default again (and its later changes). */
export async function resetOverviewLayout({
  ctx,
}: {
  ctx: OverviewLayoutContext;
}): Promise<OverviewLayoutResponse> {
  const actor = requireRole(ctx.actor, 'viewer');
  await ctx.db.delete(overviewLayouts).where(eq(overviewLayouts.userId, actor.userId));
  return getOverviewLayout(ctx.db, actor.userId);
}
