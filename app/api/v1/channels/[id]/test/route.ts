import { json, parseWith, requestActor, route } from '@/server/http';
import { channelIdSchema } from '@/server/services/notifications/schemas';
import { testChannel } from '@/server/services/notifications/test-channel';
import { notifyContext } from '@/server/services/notifications/web-context';

export const dynamic = 'force-dynamic';

export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requestActor(request);
  const id = parseWith(channelIdSchema, (await params).id);
  return json({ delivery: await testChannel({ ctx: notifyContext(request, actor), id }) }, 202);
});
