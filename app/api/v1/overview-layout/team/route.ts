import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { saveTeamOverviewLayout } from '@/core/services/overview-layout/save-team-overview-layout';
import { overviewLayoutInputSchema } from '@/core/services/overview-layout/schemas';

export const dynamic = 'force-dynamic';

/** Sets the team default layout (admins); audited. */
export const PUT = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, overviewLayoutInputSchema);
  return json(await saveTeamOverviewLayout({ ctx: { db: runtime().db, actor }, input }));
});
