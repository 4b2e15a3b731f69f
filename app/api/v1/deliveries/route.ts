import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { listDeliveries } from '@/core/queries/notifications/delivery-view';
import { runtime } from '@/server/runtime';
import { listDeliveriesQuerySchema } from '@/core/services/notifications/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  const actor = requireRole(await requestActor(request), 'viewer');
  const query = parseQuery(request, listDeliveriesQuerySchema);
  return json({ deliveries: await listDeliveries(runtime().db, actor, query) });
});
