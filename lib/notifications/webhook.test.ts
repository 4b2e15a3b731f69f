import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardWebhookHeaders, webhookKey } from './webhook';

// Receivers verify with the reference library of the spec (the `standardwebhooks` package).
const now = () => Math.floor(Date.now() / 1000);
const body = JSON.stringify({ version: 1, action: 'trigger', note: 'ünïcode & "quotes"' });

describe('Standard Webhooks signatures', () => {
  it('verify with the reference library, and fail on a changed body, id or timestamp', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const headers = standardWebhookHeaders([secret], 'delivery-1', now(), body);
    const hook = new Webhook(secret);
    expect(hook.verify(body, headers)).toMatchObject({ action: 'trigger' });
    expect(() => hook.verify(`${body} `, headers)).toThrow();
    expect(() => hook.verify(body, { ...headers, 'webhook-id': 'delivery-2' })).toThrow();
    expect(() => hook.verify(body, { ...headers, 'webhook-timestamp': String(now() - 3600) })).toThrow();
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(body, headers)).toThrow();
  });

  it('carry one signature per secret during a rotation; a receiver with either verifies', () => {
    const previous = `whsec_${randomBytes(32).toString('base64')}`;
    const current = `whsec_${randomBytes(32).toString('base64')}`;
    const headers = standardWebhookHeaders([current, previous], 'delivery-3', now(), body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
  });

  it('keep secrets made before the standard format verifiable (hex after whsec_, or any text)', () => {
    const hex = `whsec_${randomBytes(32).toString('hex')}`; // the format channels were created with
    expect(() =>
      new Webhook(hex).verify(body, standardWebhookHeaders([hex], 'd', now(), body)),
    ).not.toThrow();
    const typed = 'a secret typed by an admin!';
    const headers = standardWebhookHeaders([typed], 'd', now(), body);
    expect(() =>
      new Webhook(new Uint8Array(webhookKey(typed)), { format: 'raw' }).verify(body, headers),
    ).not.toThrow();
  });
});
