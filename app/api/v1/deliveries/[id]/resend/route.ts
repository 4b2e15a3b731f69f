import { json, parseWith, requestActor, route } from '@/server/http';
import { resendDelivery } from '@/server/services/notifications/resend-delivery';
import { deliveryIdSchema } from '@/server/services/notifications/schemas';
import { notifyContext } from '@/server/services/notifications/web-context';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(deliveryIdSchema, (await params).id);
  return json({ delivery: await resendDelivery({ ctx: notifyContext(request, actor), id }) }, 202);
});
