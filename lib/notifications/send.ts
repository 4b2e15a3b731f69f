import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { channelTargetUrl, type ResolvedChannel } from './channel-config';
import { emailContent } from './email';
import type { NotifyMessage } from './message';
import { pagerDutyEvent } from './pagerduty';
import { slackPayload } from './slack';
import { literalAddress, PrivateTargetError, resolveTarget } from './ssrf';
import { teamsCard } from './teams';
import { postJson, type HttpOutcome } from './transport';
import { signingSecrets, standardWebhookHeaders, webhookBody } from './webhook';

export type SendOptions = {
  /** PULSEBOARD_PAGERDUTY_EVENTS_URL; operator configuration, so not subject to the private-address check. */
  pagerDutyUrl: string;
  allowPrivate: boolean;
  /** Used in test dedup keys and for the webhook's delivery header. */
  deliveryId: string;
  timeoutMs?: number;
  nowSeconds?: () => number;
};

/** Sends one notification over the channel's transport and reports what came back; never throws. */
export async function sendNotification(
  channel: ResolvedChannel,
  message: NotifyMessage,
  options: SendOptions,
): Promise<HttpOutcome> {
  const base = { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs };
  switch (channel.type) {
    case 'slack':
      return postJson(channel.secrets.webhookUrl ?? '', JSON.stringify(slackPayload(message)), base);
    case 'teams':
      return postJson(channel.secrets.webhookUrl ?? '', JSON.stringify(teamsCard(message)), base);
    case 'pagerduty':
      return postJson(
        options.pagerDutyUrl,
        JSON.stringify(pagerDutyEvent(message, channel.secrets.routingKey ?? '', options.deliveryId)),
        { ...base, allowPrivate: true },
      );
    case 'webhook': {
      const body = JSON.stringify(webhookBody(message));
      const t = options.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
      const headers = standardWebhookHeaders(signingSecrets(channel, t), options.deliveryId, t, body);
      return postJson(channel.secrets.url ?? '', body, { ...base, headers });
    }
    case 'email':
      return sendEmail(channel, message, options);
  }
}

async function sendEmail(
  channel: ResolvedChannel,
  message: NotifyMessage,
  options: SendOptions,
): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  let address: string;
  try {
    url = new URL(channel.secrets.smtpUrl ?? '');
    ({ address } = (await resolveTarget(url.hostname, options.allowPrivate))[0]);
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    return {
      statusCode: null,
      body: '',
      retryAfter: null,
      error: msg,
      durationMs: elapsed(),
      refused: error instanceof PrivateTargetError || msg === 'Invalid URL',
    };
  }
  // nodemailer dials the address just checked (no second lookup to rebind); TLS verifies the name.
  const servername = literalAddress(url.hostname) === null ? url.hostname : undefined;
  const transport = nodemailer.createTransport({
    host: address,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(servername ? { tls: { servername } } : {}),
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    // A local or test server without TLS: nodemailer upgrades with STARTTLS when offered.
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: options.timeoutMs ?? 10_000,
    greetingTimeout: options.timeoutMs ?? 10_000,
  });
  const content = emailContent(message);
  try {
    const info = await transport.sendMail({
      from: typeof channel.config.from === 'string' ? channel.config.from : '',
      to: (channel.config.to as string[] | undefined) ?? [],
      subject: content.subject,
      text: content.text,
      html: content.html,
    });
    // SMTP answers map onto the HTTP-like outcome: 250 accepted is a success.
    return { statusCode: 250, body: info.response, retryAfter: null, error: null, durationMs: elapsed() };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message?: string };
    // SMTP 5xx replies are permanent (fail at once), 4xx and network errors transient (retry).
    const code = e.responseCode ?? null;
    return {
      statusCode: code,
      body: e.response ?? '',
      retryAfter: null,
      error: `SMTP ${e.message ?? String(error)}`,
      durationMs: elapsed(),
      retryable: code === null || code < 500,
    };
  } finally {
    transport.close();
  }
}

/** The rate-limit bucket a channel's messages share across workers: one per webhook URL or routing key. */
export function destinationKey(channel: ResolvedChannel): string {
  const secret =
    channel.type === 'pagerduty'
      ? (channel.secrets.routingKey ?? '')
      : (channelTargetUrl(channel.type, channel.secrets) ?? '');
  return `${channel.type}:${createHash('sha256').update(secret).digest('hex').slice(0, 32)}`;
}
