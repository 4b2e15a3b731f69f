import { eq, isNull, or } from 'drizzle-orm';
import { overviewLayouts } from '@/db/schema';
import type { Db } from '@/db/client';
import { builtInOverviewLayout } from '@/core/services/overview-layout/schemas';
import type { OverviewLayoutResponse, OverviewLayoutView } from '@/contracts/responses/overview-layout';

type Row = typeof overviewLayouts.$inferSelect;

function viewOf(row: Row | undefined, source: 'user' | 'team'): OverviewLayoutView | null {
  if (!row) return null;
  return {
    kpis: row.kpis,
    charts: row.charts,
    source,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedByEmail,
  };
}

const builtIn: OverviewLayoutView = {
  ...builtInOverviewLayout,
  source: 'built-in',
  updatedAt: null,
  updatedBy: null,
};

/** A person's overview layout: their own if they saved one, else the team default, else the built-in one. */
export async function getOverviewLayout(db: Db, userId: string): Promise<OverviewLayoutResponse> {
  const rows = await db
    .select()
    .from(overviewLayouts)
    .where(or(eq(overviewLayouts.userId, userId), isNull(overviewLayouts.userId)));
  const teamDefault =
    viewOf(
      rows.find((r) => r.userId === null),
      'team',
    ) ?? builtIn;
  const own = viewOf(
    rows.find((r) => r.userId === userId),
    'user',
  );
  return { ...(own ?? teamDefault), teamDefault };
}
