import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { getOverviewLayout } from '@/core/queries/overview-layout/get-overview-layout';
import { runtime } from '@/server/runtime';
import { resetOverviewLayout } from '@/core/services/overview-layout/reset-overview-layout';
import { saveOverviewLayout } from '@/core/services/overview-layout/save-overview-layout';
import { overviewLayoutInputSchema } from '@/core/services/overview-layout/schemas';

export const dynamic = 'force-dynamic';

/** The caller's overview layout (their own, else the team default), with the team default beside it. */
export const GET = route(async (request) => {
  const actor = requireRole(await requestActor(request), 'viewer');
  return json(await getOverviewLayout(runtime().db, actor.userId));
});

/** Saves the caller's own layout. */
export const PUT = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, overviewLayoutInputSchema);
  return json(await saveOverviewLayout({ ctx: { db: runtime().db, actor }, input }));
});

/** Forgets the caller's own layout: back to the team default. */
export const DELETE = route(async (request) => {
  const actor = await requestActor(request);
  return json(await resetOverviewLayout({ ctx: { db: runtime().db, actor } }));
});
