import { requireRole } from '@/server/auth/context';
import { NotFoundError } from '@/server/errors';
import { json, parseWith, requestActor, route } from '@/server/http';
import { getDelivery } from '@/server/queries/notifications/delivery-view';
import { runtime } from '@/server/runtime';
import { deliveryIdSchema } from '@/server/services/notifications/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = requireRole(await requestActor(request), 'viewer');
  const id = parseWith(deliveryIdSchema, (await params).id);
  const delivery = await getDelivery(runtime().db, actor, id);
  if (!delivery) throw new NotFoundError(`no delivery with id ${id}`);
  return json(delivery);
});
