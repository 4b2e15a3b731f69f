import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listChannels } from '@/core/queries/notifications/channel-view';
import { createChannel } from '@/core/services/notifications/create-channel';
import { createChannelInputSchema } from '@/core/services/notifications/schemas';
import { notifyContext } from '@/server/web/notify-context';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  const reader = requireRole(await requestActor(request), 'viewer');
  const ctx = notifyContext(request, reader);
  return json({ channels: await listChannels(ctx.db, ctx.secretKey, reader) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createChannelInputSchema);
  return json(await createChannel({ ctx: notifyContext(request, actor), input }), 201);
});
