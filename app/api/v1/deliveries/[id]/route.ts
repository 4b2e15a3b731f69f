import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getDelivery } from '@/core/queries/notifications/delivery-view';
import { runtime } from '@/server/runtime';
import { deliveryIdSchema } from '@/core/services/notifications/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = requireRole(await requestActor(request), 'viewer');
  const id = parseWith(deliveryIdSchema, (await params).id);
  const delivery = await getDelivery(runtime().db, actor, id);
  if (!delivery) throw new NotFoundError(`no delivery with id ${id}`);
  return json(delivery);
});
