import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, incidents } from '@/db/schema';
import { decryptSecrets } from '@/lib/notifications/secrets';
import type { RedisClient } from '@/lib/redis';
import { pagerDutyEventKey } from '@/lib/redis-names';
import type { Actor } from '@/core/auth/context';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '@/core/errors';
import { changeIncident } from '@/core/services/incidents/change-incident';
import type { IncidentPublisher } from '@/core/services/incidents/publish';

/** The part of a PagerDuty V3 webhook event this endpoint reads. */
const v3EventSchema = z.object({
  event: z.object({
    id: z.string().min(1).max(200),
    event_type: z.string(),
    /** ISO 8601; PagerDuty keeps it across its retries of one event. */
    occurred_at: z.string(),
    agent: z.object({ summary: z.string().optional() }).nullish(),
    data: z
      .object({
        id: z.string().optional(),
        incident_key: z.string().nullish(),
        dedup_key: z.string().nullish(),
      })
      .loose(),
  }),
});

/** `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>]` — HMAC-SHA256 of the raw body; any listed one may match. */
export function verifyPagerDutySignature(secret: string, rawBody: string, header: string | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'));
  return header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .some((s) => {
      const given = Buffer.from(s.slice(3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

export type PagerDutyInboundResult = {
  /** `replay`: this event id was already received; nothing was applied. */
  handled: 'acknowledged' | 'resolved' | 'ignored' | 'replay';
  incidentId: string | null;
};

/**
 * How far an event's `occurred_at` may be from now. PagerDuty signs only the body, so a captured webhook
 * stays valid: events older than `pastMs` are refused, and ids seen within the window are remembered
 * (`memoryMs`, the longest an accepted event stays acceptable) and refused when sent again. PagerDuty
 * retries a failed delivery for about 20 minutes; an hour leaves room for its queues and our outages.
 */
export const pagerDutyReplayWindow = {
  pastMs: 60 * 60_000,
  futureMs: 5 * 60_000,
  memoryMs: 65 * 60_000,
} as const;

/**
 * Applies a PagerDuty V3 webhook to the Pulseboard incident with the same dedup key. The change is
 * recorded with `source: pagerduty` and the channel id, so the outbox sends no acknowledge or resolve
 * back to that channel (no echo); other channels still hear of it. Replays are refused: an event outside
 * `pagerDutyReplayWindow` is a 400, one whose id was already received is answered `replay` (a 2xx, so a
 * genuine PagerDuty retry stops) and applied no second time.
 */
export async function handlePagerDutyWebhook({
  db,
  redis,
  redisPrefix,
  secretKey,
  channelId,
  rawBody,
  signature,
  publish,
  now = Date.now(),
}: {
  db: Db;
  /** Remembers the event ids received within the replay window. */
  redis: RedisClient;
  redisPrefix: string;
  secretKey: Buffer;
  channelId: string;
  rawBody: string;
  signature: string | null;
  publish?: IncidentPublisher;
  now?: number;
}): Promise<PagerDutyInboundResult> {
  const [channel] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.id, channelId), eq(channels.type, 'pagerduty')));
  if (!channel) throw new NotFoundError(`no PagerDuty channel with id ${channelId}`);
  const secret = decryptSecrets(secretKey, channel.secrets).webhookSecret;
  if (!secret || !verifyPagerDutySignature(secret, rawBody, signature)) {
    throw new UnauthorizedError('invalid or missing X-PagerDuty-Signature');
  }
  let parsed: z.infer<typeof v3EventSchema>;
  try {
    parsed = v3EventSchema.parse(JSON.parse(rawBody));
  } catch {
    throw new ValidationError('not a PagerDuty V3 webhook event', 'event');
  }
  const { event } = parsed;
  const occurredAt = Date.parse(event.occurred_at);
  if (Number.isNaN(occurredAt)) {
    throw new ValidationError('event.occurred_at is not an ISO 8601 time', 'event.occurred_at');
  }
  if (occurredAt < now - pagerDutyReplayWindow.pastMs || occurredAt > now + pagerDutyReplayWindow.futureMs) {
    throw new ValidationError(
      'event.occurred_at is more than 1 hour ago or 5 minutes ahead: refused as a possible replay',
      'event.occurred_at',
    );
  }
  // Claimed before it is applied, so two concurrent copies cannot both apply; released if applying fails.
  const seen = pagerDutyEventKey(redisPrefix, channel.id, event.id);
  const claimed = await redis.set(seen, String(now), 'PX', pagerDutyReplayWindow.memoryMs, 'NX');
  if (claimed === null) return { handled: 'replay', incidentId: null };
  try {
    return await applyPagerDutyEvent(db, channel, event, publish);
  } catch (error) {
    await redis.del(seen).catch(() => {});
    throw error;
  }
}

async function applyPagerDutyEvent(
  db: Db,
  channel: typeof channels.$inferSelect,
  event: z.infer<typeof v3EventSchema>['event'],
  publish: IncidentPublisher | undefined,
): Promise<PagerDutyInboundResult> {
  const kind =
    event.event_type === 'incident.acknowledged'
      ? 'acknowledged'
      : event.event_type === 'incident.resolved'
        ? 'resolved'
        : null;
  const dedupKey = event.data.incident_key ?? event.data.dedup_key ?? null;
  if (!kind || !dedupKey) return { handled: 'ignored', incidentId: null };
  const [incident] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.dedupKey, dedupKey));
  if (!incident) return { handled: 'ignored', incidentId: null };
  const who = event.agent?.summary ? `PagerDuty (${event.agent.summary})` : `PagerDuty (${channel.name})`;
  // The channel stands in for the person: audit and timeline rows name it; no user row is implied.
  const actor: Actor = { userId: channel.id, email: who, name: who, role: 'operator', via: 'token' };
  const data = { source: 'pagerduty', channelId: channel.id, pagerDutyEventId: event.id };
  try {
    await changeIncident(
      { db, actor, publish },
      incident.id,
      kind === 'acknowledged'
        ? {
            when: eq(incidents.status, 'triggered'),
            set: (at) => ({ status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: null }),
            timeline: 'acknowledged',
            audit: 'incident.acknowledge',
            data,
          }
        : {
            when: ne(incidents.status, 'resolved'),
            set: (at) => ({ status: 'resolved', resolvedAt: at, resolvedBy: 'pagerduty', flapping: false }),
            timeline: 'resolved',
            audit: 'incident.resolve',
            data,
          },
    );
  } catch (error) {
    // Already acknowledged or resolved here: PagerDuty's retry or our own echo; nothing to do.
    if (error instanceof ConflictError) return { handled: 'ignored', incidentId: incident.id };
    throw error;
  }
  return { handled: kind, incidentId: incident.id };
}
