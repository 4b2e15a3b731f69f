import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NotifyMessage } from './message';

/** The generic webhook's JSON body; `version` changes only with an incompatible change. */
export type WebhookBody = {
  version: 1;
  action: NotifyMessage['action'];
  at: string;
  incident: NotifyMessage['incident'];
  actor: string | null;
  note: string | null;
  step: number | null;
  links: NotifyMessage['links'];
};

export function webhookBody(m: NotifyMessage): WebhookBody {
  return {
    version: 1,
    action: m.action,
    at: m.at,
    incident: m.incident,
    actor: m.actor ?? null,
    note: m.note ?? null,
    step: m.step ?? null,
    links: m.links,
  };
}

/** `X-Pulseboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiver does (README "Notifications"): recompute, compare in constant time, bound the age. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
