import { sql } from 'drizzle-orm';
import { overviewLayouts } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { getOverviewLayout } from '@/core/queries/overview-layout/get-overview-layout';
import { checkPanels } from './check-panels';
import type { OverviewLayoutContext } from './context';
import type { OverviewLayoutInput } from './schemas';
import type { OverviewLayoutResponse } from '@/contracts/responses/overview-layout';

/**
 * Saves the caller's own overview layout (any role: it changes only what they see). A preference, not a
 * configuration change, so it is not audited.
 */
export async function saveOverviewLayout({
  ctx,
  input,
}: {
  ctx: OverviewLayoutContext;
  input: OverviewLayoutInput;
}): Promise<OverviewLayoutResponse> {
  const actor = requireRole(ctx.actor, 'viewer');
  await checkPanels(ctx.db, input);
  await ctx.db
    .insert(overviewLayouts)
    .values({ userId: actor.userId, ...input, updatedByEmail: actor.email })
    .onConflictDoUpdate({
      target: overviewLayouts.userId,
      set: { ...input, updatedAt: sql`now()`, updatedByEmail: actor.email },
    });
  return getOverviewLayout(ctx.db, actor.userId);
}
