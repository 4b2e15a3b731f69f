import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { channels, incidents } from '@/db/schema';
import { decryptSecrets } from '@/lib/notifications/secrets';
import type { Actor } from '@/server/auth/context';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '@/server/errors';
import { changeIncident } from '@/server/services/incidents/change-incident';
import type { IncidentPublisher } from '@/server/services/incidents/publish';

/** The part of a PagerDuty V3 webhook event this endpoint reads. */
const v3EventSchema = z.object({
  event: z.object({
    id: z.string(),
    event_type: z.string(),
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
  handled: 'acknowledged' | 'resolved' | 'ignored';
  incidentId: string | null;
};

/**
 * Applies a PagerDuty V3 webhook to the Pulseboard incident with the same dedup key. The change is
 * recorded with `source: pagerduty` and the channel id, so the outbox sends no acknowledge or resolve
 * back to that channel (no echo); other channels still hear of it.
 */
export async function handlePagerDutyWebhook({
  db,
  secretKey,
  channelId,
  rawBody,
  signature,
  publish,
}: {
  db: Db;
  secretKey: Buffer;
  channelId: string;
  rawBody: string;
  signature: string | null;
  publish?: IncidentPublisher;
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
