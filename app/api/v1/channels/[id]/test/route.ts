import { json, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { channelIdSchema } from '@/core/services/notifications/schemas';
import { testChannel } from '@/core/services/notifications/test-channel';
import { notifyContext } from '@/server/web/notify-context';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(channelIdSchema, (await params).id);
  return json({ delivery: await testChannel({ ctx: notifyContext(request, actor), id }) }, 202);
});
