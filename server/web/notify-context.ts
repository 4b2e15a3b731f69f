import { Queue } from 'bullmq';
import { secretKey } from '@/lib/notifications/secrets';
import { bullConnection } from '@/lib/redis';
import { queueNames } from '@/lib/redis-names';
import type { Actor } from '@/core/auth/context';
import { appOrigin } from '@/server/http';
import { runtime } from '@/server/runtime';
import type { NotifyContext } from '@/core/services/notifications/context';

const holderKey = Symbol.for('pulseboard.notify-web');
type Holder = { [holderKey]?: { queue: Queue; key: Buffer } };

/** The web process's notify context: the shared pool, the secrets key, and the delivery queue. */
export function notifyContext(request: Request, actor: Actor | null): NotifyContext {
  const rt = runtime();
  const holder = globalThis as Holder;
  if (!holder[holderKey]) {
    const queue = new Queue(queueNames.notify, {
      connection: bullConnection(rt.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
      prefix: rt.env.PULSEBOARD_REDIS_PREFIX,
    });
    queue.on('error', () => {});
    holder[holderKey] = { queue, key: secretKey(rt.env.PULSEBOARD_SECRET) };
  }
  const { queue, key } = holder[holderKey];
  return {
    db: rt.db,
    actor,
    secretKey: key,
    allowPrivate: rt.env.PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS === 'on',
    publicUrl: rt.env.PULSEBOARD_PUBLIC_URL ?? appOrigin(request),
    // Best effort: if Redis is briefly away, the workers' sweeper enqueues the delivery within seconds.
    enqueue: async (rows) => {
      await queue
        .addBulk(
          rows.map((r) => ({
            name: 'deliver',
            data: { deliveryId: r.id },
            opts: { jobId: r.idempotencyKey, removeOnComplete: true, removeOnFail: true },
          })),
        )
        .catch(() => undefined);
    },
  };
}
