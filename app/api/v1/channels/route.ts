import { requireRole } from '@/server/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listChannels } from '@/server/queries/notifications/channel-view';
import { createChannel } from '@/server/services/notifications/create-channel';
import { createChannelInputSchema } from '@/server/services/notifications/schemas';
import { notifyContext } from '@/server/services/notifications/web-context';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  const ctx = notifyContext(request, requireRole(await requestActor(request), 'viewer'));
  return json({ channels: await listChannels(ctx.db, ctx.secretKey) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createChannelInputSchema);
  return json(await createChannel({ ctx: notifyContext(request, actor), input }), 201);
});
