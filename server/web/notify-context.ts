import { deliveryJobOptions, type JobName, type NotifyJob } from '@/contracts/jobs';
import type { Actor } from '@/core/auth/context';
import { appOrigin } from '@/server/http';
import { runtime } from '@/server/runtime';
import type { NotifyContext } from '@/core/services/notifications/context';

/** The web process's notify context: the shared pool, the secrets key, and the delivery queue. */
export function notifyContext(request: Request, actor: Actor | null): NotifyContext {
  const rt = runtime();
  return {
    db: rt.db,
    actor,
    secretKey: rt.secretKey,
    allowPrivate: rt.env.PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS === 'on',
    publicUrl: rt.env.PULSEBOARD_PUBLIC_URL ?? appOrigin(request),
    // Best effort: if Redis is briefly away, the workers' sweeper enqueues the delivery within seconds.
    enqueue: async (rows) => {
      await rt.queues.notify
        .addBulk(
          rows.map((r) => ({
            name: 'deliver' satisfies JobName<'notify'>,
            data: { deliveryId: r.id } satisfies NotifyJob,
            opts: deliveryJobOptions(r.idempotencyKey),
          })),
        )
        .catch(() => undefined);
    },
  };
}
