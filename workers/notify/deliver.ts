import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RedisClient } from '@/lib/redis';
import type { Db } from '@/db/client';
import { channels, deliveries, deliveryAttempts, type ChannelType, type DeliveryStatus } from '@/db/schema';
import type { ResolvedChannel } from '@/lib/notifications/channel-config';
import type { NotifyMessage } from '@/lib/notifications/message';
import { defaultRetryPolicy, excerpt, judgeAttempt, type RetryPolicy } from '@/lib/notifications/outcome';
import { defaultRateLimits, takeToken, type RateLimit } from '@/lib/notifications/rate-limit';
import { decryptSecrets } from '@/lib/notifications/secrets';
import { destinationKey, sendNotification } from '@/lib/notifications/send';
import { failedOutcome, type HttpOutcome } from '@/lib/notifications/transport';
import { addTimeline } from '@/core/services/incidents/timeline';
import { workerMetrics } from '../metrics';

export type DeliverDeps = {
  db: Db;
  redis: RedisClient;
  prefix: string;
  secretKey: Buffer;
  pagerDutyUrl: string;
  allowPrivate: boolean;
  retry?: RetryPolicy;
  rateLimits?: Partial<Record<ChannelType, RateLimit>>;
  /** A delivery claimed longer ago than this is taken to have died with its worker. @defaultValue 60000 */
  leaseMs?: number;
  /** Waits this long after recording a send (fault-injection for the crash test only). @defaultValue 0 */
  pauseAfterSendMs?: number;
  timeoutMs?: number;
};

/** What the job does next: finish, or wait until `at` (epoch ms) and run again. */
export type DeliverResult =
  { done: true; status: DeliveryStatus | 'gone' } | { done: false; at: number; why: string };

const finalStatuses: DeliveryStatus[] = ['sent', 'failed', 'dead', 'held'];
const unfinished: DeliveryStatus[] = ['queued', 'sending', 'retrying'];
/** Another delivery of the same incident and channel, in the look-up of an earlier unfinished one. */
const earlierDelivery = alias(deliveries, 'earlier');

/**
 * One attempt at a delivery. Idempotent: a delivery already final does nothing, and the send happens
 * only after a conditional UPDATE claims the row. Order: while an earlier delivery of the same incident
 * and channel is unfinished, this one waits. Rate limits and Retry-After delay the job; they never fail it.
 */
export async function deliver(
  deps: DeliverDeps,
  deliveryId: string,
  now = Date.now(),
): Promise<DeliverResult> {
  const leaseMs = deps.leaseMs ?? 60_000;
  // An earlier unfinished delivery of the same incident and channel is looked up in the same statement
  // (one round trip fewer on the way from a breach to the pager).
  const [row] = await deps.db
    .select({
      d: deliveries,
      c: channels,
      earlier: sql<string | null>`(${deps.db
        .select({ id: earlierDelivery.id })
        .from(earlierDelivery)
        .where(
          and(
            eq(earlierDelivery.incidentId, deliveries.incidentId),
            eq(earlierDelivery.channelId, deliveries.channelId),
            lt(earlierDelivery.seq, deliveries.seq),
            inArray(earlierDelivery.status, unfinished),
          ),
        )
        .limit(1)})`,
    })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .where(eq(deliveries.id, deliveryId));
  if (!row) return { done: true, status: 'gone' };
  const { d, c, earlier } = row;
  if (finalStatuses.includes(d.status)) return { done: true, status: d.status };
  if (d.status === 'sending' && d.claimedAt && d.claimedAt.getTime() > now - leaseMs) {
    return { done: false, at: d.claimedAt.getTime() + leaseMs, why: 'claimed by another worker' };
  }
  if (d.nextAttemptAt && d.nextAttemptAt.getTime() > now + 20) {
    return { done: false, at: d.nextAttemptAt.getTime(), why: 'backing off' };
  }
  if (earlier) return { done: false, at: now + 250, why: `waiting for earlier delivery ${earlier}` };
  let channel: ResolvedChannel;
  try {
    channel = {
      id: c.id,
      name: c.name,
      type: c.type,
      config: c.config,
      secrets: decryptSecrets(deps.secretKey, c.secrets),
    };
  } catch {
    channel = { id: c.id, name: c.name, type: c.type, config: c.config, secrets: {} };
  }
  if (c.enabled || d.action === 'test') {
    const limit = deps.rateLimits?.[c.type] ?? defaultRateLimits[c.type];
    const wait = await takeToken(deps.redis, `${deps.prefix}:notify:rate:${destinationKey(channel)}`, limit);
    if (wait > 0) return { done: false, at: now + wait, why: 'rate limited' };
  }
  const claimedAt = new Date();
  const [claim] = await deps.db
    .update(deliveries)
    .set({
      status: 'sending',
      claimedAt,
      attemptCount: sql`${deliveries.attemptCount} + 1`,
      updatedAt: claimedAt,
    })
    .where(
      and(
        eq(deliveries.id, d.id),
        or(
          inArray(deliveries.status, ['queued', 'retrying']),
          and(eq(deliveries.status, 'sending'), lt(deliveries.claimedAt, new Date(now - leaseMs))),
        ),
      ),
    )
    .returning({ attemptCount: deliveries.attemptCount });
  if (!claim) return { done: true, status: d.status };

  const message = d.context as unknown as NotifyMessage;
  const metrics = workerMetrics();
  const sending = c.enabled || d.action === 'test';
  const stopTimer = metrics.deliveryDuration.startTimer({ channel_type: c.type });
  const outcome: HttpOutcome = sending
    ? await sendNotification(channel, message, {
        pagerDutyUrl: deps.pagerDutyUrl,
        allowPrivate: deps.allowPrivate,
        deliveryId: d.id,
        timeoutMs: deps.timeoutMs,
      }).catch((error: unknown) => {
        // A sender that throws after the claim would leave the delivery `sending` for ever: the
        // attempt is recorded as failed (permanently: it would throw again) instead.
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return failedOutcome(`could not send: ${reason}`, 0, true);
      })
    : {
        statusCode: null,
        body: '',
        retryAfter: null,
        error: 'the channel is disabled',
        durationMs: 0,
        refused: true,
      };
  const verdict = judgeAttempt(outcome, claim.attemptCount, deps.retry ?? defaultRetryPolicy);
  const at = new Date();
  const status: DeliveryStatus =
    verdict.kind === 'sent'
      ? 'sent'
      : verdict.kind === 'retry'
        ? 'retrying'
        : verdict.kind === 'fail'
          ? 'failed'
          : 'dead';
  if (sending) stopTimer({ outcome: status });
  // message.at of a trigger is when the breach opened (or reopened) the incident; a resend is not timed.
  if (status === 'sent' && d.action === 'trigger' && !d.resendOf) {
    const breachAt = Date.parse(message.at);
    if (Number.isFinite(breachAt)) {
      metrics.breachToNotification.observe(
        { channel_type: c.type },
        Math.max(0, at.getTime() - breachAt) / 1000,
      );
    }
  }
  const nextAttemptAt = verdict.kind === 'retry' ? new Date(at.getTime() + verdict.delayMs) : null;
  const error =
    verdict.kind === 'sent' ? null : (outcome.error ?? ('reason' in verdict ? verdict.reason : null));
  await deps.db.transaction(async (tx) => {
    await tx.insert(deliveryAttempts).values({
      deliveryId: d.id,
      at: claimedAt,
      statusCode: outcome.statusCode,
      responseExcerpt: excerpt(outcome.body),
      error,
      durationMs: outcome.durationMs,
    });
    await tx
      .update(deliveries)
      .set({ status, nextAttemptAt, sentAt: status === 'sent' ? at : null, updatedAt: at })
      .where(
        and(eq(deliveries.id, d.id), eq(deliveries.status, 'sending'), eq(deliveries.claimedAt, claimedAt)),
      );
    if (d.incidentId) {
      await addTimeline(tx, d.incidentId, [
        {
          kind: 'notification',
          at,
          data: {
            deliveryId: d.id,
            channelId: c.id,
            channelName: c.name,
            channelType: c.type,
            action: d.action,
            status,
            attempt: claim.attemptCount,
            statusCode: outcome.statusCode,
            error,
            ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}),
          },
        },
      ]);
    }
  });
  if (deps.pauseAfterSendMs) await new Promise((r) => setTimeout(r, deps.pauseAfterSendMs));
  if (verdict.kind === 'retry')
    return { done: false, at: at.getTime() + verdict.delayMs, why: verdict.reason };
  return { done: true, status };
}
