import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getChannel } from '@/core/queries/notifications/channel-view';
import { deleteChannel } from '@/core/services/notifications/delete-channel';
import { channelIdSchema, updateChannelInputSchema } from '@/core/services/notifications/schemas';
import { updateChannel } from '@/core/services/notifications/update-channel';
import { notifyContext } from '@/server/web/notify-context';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Params) => {
  const reader = requireRole(await requestActor(request), 'viewer');
  const ctx = notifyContext(request, reader);
  const id = parseWith(channelIdSchema, (await params).id);
  const channel = await getChannel(ctx.db, ctx.secretKey, id, reader);
  if (!channel) throw new NotFoundError(`no channel with id ${id}`);
  return json(channel);
});

export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(channelIdSchema, (await params).id);
  const input = await parseJsonBody(request, updateChannelInputSchema);
  return json(await updateChannel({ ctx: notifyContext(request, actor), id, input }));
});

export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(channelIdSchema, (await params).id);
  await deleteChannel({ ctx: notifyContext(request, actor), id });
  return new Response(null, { status: 204 });
});
