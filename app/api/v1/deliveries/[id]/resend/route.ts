import { json, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { resendDelivery } from '@/core/services/notifications/resend-delivery';
import { deliveryIdSchema } from '@/core/services/notifications/schemas';
import { notifyContext } from '@/server/web/notify-context';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(deliveryIdSchema, (await params).id);
  return json({ delivery: await resendDelivery({ ctx: notifyContext(request, actor), id }) }, 202);
});
