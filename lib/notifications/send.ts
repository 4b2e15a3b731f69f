import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { channelTargetUrl, type ResolvedChannel } from './channel-config';
import { emailContent } from './email';
import type { NotifyMessage } from './message';
import { pagerDutyEvent } from './pagerduty';
import { slackPayload } from './slack';
import { literalAddress, resolveTarget } from './ssrf';
import { teamsCard } from './teams';
import {
  defaultAttemptTimeoutMs,
  failedOutcome,
  unreachableOutcome,
  postJson,
  withDeadline,
  type HttpOutcome,
} from './transport';
import { signingSecrets, standardWebhookHeaders, webhookBody } from './webhook';

export type SendOptions = {
  /** PULSEBOARD_PAGERDUTY_EVENTS_URL; operator configuration, so not subject to the private-address check. */
  pagerDutyUrl: string;
  allowPrivate: boolean;
  /** Used in test dedup keys and for the webhook's delivery header. */
  deliveryId: string;
  /** The wall-clock deadline of one attempt. @defaultValue 10000 */
  timeoutMs?: number;
  nowSeconds?: () => number;
};

/** Sends one notification over the channel's transport and reports what came back; never throws. */
export async function sendNotification(
  channel: ResolvedChannel,
  message: NotifyMessage,
  options: SendOptions,
): Promise<HttpOutcome> {
  const started = performance.now();
  try {
    return await sendOver(channel, message, options);
  } catch (error) {
    // Whatever a transport did not expect still ends the attempt: a failed one, never an exception.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return failedOutcome(`could not send: ${reason}`, Math.round(performance.now() - started), true);
  }
}

async function sendOver(
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
  const timeoutMs = options.timeoutMs ?? defaultAttemptTimeoutMs;
  const remaining = () => Math.max(1, Math.round(timeoutMs - (performance.now() - started)));
  let url: URL;
  let auth: { user: string; pass: string } | undefined;
  try {
    url = new URL(channel.secrets.smtpUrl ?? '');
    auth = url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined;
  } catch (error) {
    return failedOutcome(
      error instanceof URIError ? 'invalid URL credentials' : 'Invalid URL',
      elapsed(),
      true,
    );
  }
  let address: string;
  try {
    ({ address } = (
      await withDeadline(resolveTarget(url.hostname, options.allowPrivate), remaining(), timeoutMs)
    )[0]);
  } catch (error) {
    return unreachableOutcome(error, elapsed());
  }
  // nodemailer dials the address just checked (no second lookup to rebind); TLS verifies the name.
  const servername = literalAddress(url.hostname) === null ? url.hostname : undefined;
  const plaintextAllowed = url.searchParams.get('tls') === 'off';
  const smtpOptions: SMTPTransport.Options = {
    host: address,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(servername ? { tls: { servername } } : {}),
    ...(auth ? { auth } : {}),
    // smtp:// must upgrade with STARTTLS (no login or message in clear, even if a server or a man in
    // the middle leaves STARTTLS out); `tls=off` is for a local or test server without TLS.
    requireTLS: url.protocol === 'smtp:' && !plaintextAllowed,
    ignoreTLS: plaintextAllowed,
    // Every phase shares the attempt's budget; the race below bounds a server that answers byte by byte.
    connectionTimeout: remaining(),
    greetingTimeout: remaining(),
    socketTimeout: remaining(),
  };
  const transport = nodemailer.createTransport(smtpOptions);
  const content = emailContent(message);
  // The deadline aborts the conversation and closes its socket: a server answering each command slowly
  // would otherwise accept the message after the attempt was given up, and the retry send it again.
  const signal = AbortSignal.timeout(Math.max(1, remaining()));
  try {
    const info = await withDeadline(
      transport.sendMail({
        from: typeof channel.config.from === 'string' ? channel.config.from : '',
        to: (channel.config.to as string[] | undefined) ?? [],
        subject: content.subject,
        text: content.text,
        html: content.html,
        // nodemailer 10 takes a signal per send; its types do not list it yet.
        ...({ signal } as object),
      }),
      remaining(),
      timeoutMs,
    );
    // SMTP answers map onto the HTTP-like outcome: 250 accepted is a success.
    return { statusCode: 250, body: info.response, retryAfter: null, error: null, durationMs: elapsed() };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message?: string; code?: string };
    // SMTP 5xx replies are permanent (fail at once), 4xx and network errors transient (retry).
    const code = e.responseCode ?? null;
    // The server's own words stay in the admin-only excerpt; `error`, which every role sees, is fixed text.
    return {
      statusCode: code,
      body: e.response ?? e.message ?? String(error),
      retryAfter: null,
      error: smtpFailure(code, e),
      durationMs: elapsed(),
      retryable: code === null || code < 500,
    };
  } finally {
    transport.close();
  }
}

/** A fixed reason for a failed SMTP attempt, free of the server's reply text. */
function smtpFailure(code: number | null, error: { code?: string; message?: string }): string {
  const reply = code === null ? '' : ` (${code})`;
  if (error.code === 'ETLS')
    return `the mail server did not start TLS${reply}; add ?tls=off to the channel's SMTP URL to send without it`;
  if (error.code === 'EAUTH') return `the mail server refused the login${reply}`;
  if (code !== null) return `the mail server refused the message${reply}`;
  if (error.code === 'ETIMEDOUT' || error.code === 'EABORT' || error.message?.startsWith('timed out'))
    return 'the mail server did not answer in time';
  return 'could not reach the mail server';
}

/** The rate-limit bucket a channel's messages share across workers: one per webhook URL or routing key. */
export function destinationKey(channel: ResolvedChannel): string {
  const secret =
    channel.type === 'pagerduty'
      ? (channel.secrets.routingKey ?? '')
      : (channelTargetUrl(channel.type, channel.secrets) ?? '');
  return `${channel.type}:${createHash('sha256').update(secret).digest('hex').slice(0, 32)}`;
}
