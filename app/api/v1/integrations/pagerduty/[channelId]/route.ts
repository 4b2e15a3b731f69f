import { json, readBodyText, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { incidentPublisher } from '@/server/web/incident-publisher';
import { handlePagerDutyWebhook } from '@/core/services/notifications/pagerduty-inbound';
import { channelIdSchema } from '@/core/services/notifications/schemas';
import { notifyContext } from '@/server/web/notify-context';

export const dynamic = 'force-dynamic';

/**
 * PagerDuty V3 webhooks: no session; the signature over the raw body is the authentication, and the
 * event's time and id refuse a replay of a captured one.
 */
export const POST = route(async (request, { params }: { params: Promise<{ channelId: string }> }) => {
  const channelId = parseWith(channelIdSchema, (await params).channelId);
  const rawBody = await readBodyText(request); // bounded: it is read before the signature is checked
  const rt = runtime();
  const result = await handlePagerDutyWebhook({
    db: rt.db,
    redis: rt.redis,
    redisPrefix: rt.env.PULSEBOARD_REDIS_PREFIX,
    secretKey: notifyContext(request, null).secretKey,
    channelId,
    rawBody,
    signature: request.headers.get('x-pagerduty-signature'),
    publish: incidentPublisher(),
  });
  return json(result);
});
