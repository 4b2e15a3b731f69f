import { startHttpReceiver, type HttpReceiver } from './http-receiver';

/** A generic webhook receiver (also used for Teams): 200 with an empty JSON object unless scripted. */
export function startWebhookReceiver(options: { port?: number } = {}): Promise<HttpReceiver> {
  return startHttpReceiver(
    () => ({ status: 200, body: '{}', headers: { 'content-type': 'application/json' } }),
    options,
  );
}

/**
 * A Microsoft Teams Workflows webhook: 202 with an empty body for a message whose attachments are
 * Adaptive Cards, 400 otherwise (the retired connectors' MessageCard included).
 */
export function startTeamsReceiver(options: { port?: number } = {}): Promise<HttpReceiver> {
  return startHttpReceiver((r) => {
    const body = r.json as { type?: string; attachments?: { contentType?: string }[] } | null;
    const cards = body?.type === 'message' ? (body.attachments ?? []) : [];
    if (cards.length === 0 || cards.some((a) => a.contentType !== 'application/vnd.microsoft.card.adaptive'))
      return { status: 400, body: '{"error":{"code":"InvalidRequestContent","message":"no adaptive card"}}' };
    return { status: 202, body: '' };
  }, options);
}
