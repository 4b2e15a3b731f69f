import { startHttpReceiver, type HttpReceiver } from './http-receiver';

/** A generic webhook receiver (also used for Teams): 200 with an empty JSON object unless scripted. */
export function startWebhookReceiver(options: { port?: number } = {}): Promise<HttpReceiver> {
  return startHttpReceiver(
    () => ({ status: 200, body: '{}', headers: { 'content-type': 'application/json' } }),
    options,
  );
}

/** A Microsoft Teams incoming-webhook receiver: 200 `1` as the connector answers, 400 without a card. */
export function startTeamsReceiver(options: { port?: number } = {}): Promise<HttpReceiver> {
  return startHttpReceiver((r) => {
    const body = r.json as { '@type'?: string; type?: string } | null;
    if (!body || (body['@type'] !== 'MessageCard' && body.type !== 'message'))
      return { status: 400, body: 'Bad payload received by generic incoming webhook.' };
    return { status: 200, body: '1' };
  }, options);
}
