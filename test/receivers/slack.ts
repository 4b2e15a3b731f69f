import { startHttpReceiver, type Answer, type HttpReceiver } from './http-receiver';

/** Answers as Slack's incoming webhooks do (api.slack.com/messaging/webhooks#handling_errors). */
export const slackAnswers = {
  ok: (): Answer => ({ status: 200, body: 'ok', headers: { 'content-type': 'text/html' } }),
  invalidPayload: (): Answer => ({
    status: 400,
    body: 'invalid_payload',
    headers: { 'content-type': 'text/html' },
  }),
  noText: (): Answer => ({ status: 400, body: 'no_text', headers: { 'content-type': 'text/html' } }),
  /** The webhook was disabled or removed on Slack's side. */
  noService: (): Answer => ({ status: 404, body: 'no_service', headers: { 'content-type': 'text/html' } }),
  rateLimited: (retryAfter: string | number = 1): Answer => ({
    status: 429,
    body: 'rate_limited',
    headers: { 'retry-after': String(retryAfter), 'content-type': 'text/html' },
  }),
  serverError: (): Answer => ({
    status: 500,
    body: 'internal_error',
    headers: { 'content-type': 'text/html' },
  }),
};

/**
 * A Slack incoming-webhook receiver: 200 `ok` by default; 400 `invalid_payload` when the body is not
 * JSON or breaks Block Kit limits (50 blocks, header text 150, section text 3000), 400 `no_text` without
 * text or blocks. Script other answers with `enqueue`.
 */
export function startSlackReceiver(options: { port?: number } = {}): Promise<HttpReceiver> {
  return startHttpReceiver((r) => {
    const body = r.json as { text?: unknown; blocks?: { type?: string; text?: { text?: string } }[] } | null;
    if (!body || typeof body !== 'object') return slackAnswers.invalidPayload();
    if (!body.text && !body.blocks) return slackAnswers.noText();
    const blocks = body.blocks ?? [];
    if (!Array.isArray(blocks) || blocks.length > 50) return slackAnswers.invalidPayload();
    for (const b of blocks) {
      const text = b.text?.text ?? '';
      if (b.type === 'header' && text.length > 150) return slackAnswers.invalidPayload();
      if (b.type === 'section' && text.length > 3000) return slackAnswers.invalidPayload();
    }
    return slackAnswers.ok();
  }, options);
}
