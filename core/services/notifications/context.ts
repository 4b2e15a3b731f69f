import type { Db } from '@/db/client';
import type { Actor } from '@/core/auth/context';
import type { NewDelivery } from './insert-delivery';

/** What the notification verbs need: the database, who acts, the secrets key and the send-side settings. */
export type NotifyContext = {
  db: Db;
  actor: Actor | null;
  secretKey: Buffer;
  /** PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS=on */
  allowPrivate: boolean;
  /** PULSEBOARD_PUBLIC_URL (or the request's origin), for links in test messages. */
  publicUrl: string;
  /** Adds delivery jobs; without it the workers' sweeper picks new deliveries up within seconds. */
  enqueue?: (rows: NewDelivery[]) => Promise<void>;
};
