import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSmtpReceiver,
  startSlowSmtpServer,
  startWebhookReceiver,
  type HttpReceiver,
  type SmtpReceiver,
} from '@/test/receivers';
import type { ChannelType } from './kinds';
import type { NotifyMessage } from './message';
import { sendNotification } from './send';

// The senders against the local receivers, as the delivery worker calls them.
const message: NotifyMessage = {
  action: 'test',
  at: new Date().toISOString(),
  incident: null,
  links: { incident: null, acknowledge: null },
};
const options = { pagerDutyUrl: 'http://127.0.0.1:9', allowPrivate: true, deliveryId: 'd-1' };
const mailConfig = { from: 'pulseboard@example.com', to: ['oncall@example.com'] };

const channel = (type: ChannelType, secrets: Record<string, string>) => ({
  id: 'c-1',
  name: type,
  type,
  config: type === 'email' ? mailConfig : {},
  secrets,
});

let hook: HttpReceiver;
let smtp: SmtpReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
});
afterAll(async () => {
  await hook.close();
  await smtp.close();
});

describe('a URL whose user or password is badly percent-encoded', () => {
  it('is a failed attempt on every transport, not an exception, and nothing is sent', async () => {
    const port = new URL(hook.url).port;
    const cases: [ChannelType, Record<string, string>][] = [
      ['webhook', { url: `http://u:%zz@127.0.0.1:${port}/in` }],
      ['slack', { webhookUrl: `http://%zz:p@127.0.0.1:${port}/in` }],
      ['teams', { webhookUrl: `http://u:%E0%A4%A@127.0.0.1:${port}/in` }],
      ['email', { smtpUrl: `smtp://u:%zz@127.0.0.1:${smtp.port}?tls=off` }],
    ];
    for (const [type, secrets] of cases) {
      const outcome = await sendNotification(channel(type, secrets), message, options);
      expect(outcome, type).toMatchObject({ statusCode: null, refused: true });
      expect(outcome.error, type).toBe('invalid URL credentials');
    }
    expect(hook.received).toHaveLength(0);
    expect(smtp.logins).toHaveLength(0);
  });
});

describe('one deadline per attempt', () => {
  it('a target that answers 200 and then trickles its body one byte at a time is cut off at the deadline', async () => {
    hook.enqueue({ status: 200, body: 'ok', dripMs: 100 });
    const started = Date.now();
    const outcome = await sendNotification(channel('webhook', { url: `${hook.url}/drip` }), message, {
      ...options,
      timeoutMs: 800,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    // The status line answered; the deadline only cut the excerpt short: delivered, not failed.
    expect(outcome).toMatchObject({ statusCode: 200, error: null });
    expect(outcome.body.startsWith('ok')).toBe(true);
  });

  it('a 200 whose body is cut by a connection reset is the answer: delivered, not failed', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('ok');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const outcome = await sendNotification(
        channel('webhook', { url: `http://127.0.0.1:${port}/reset` }),
        message,
        options,
      );
      expect(outcome).toMatchObject({ statusCode: 200, body: 'ok', error: null });
    } finally {
      server.close();
    }
  });

  it('the response is read only up to the 4 KB excerpt, not until a trickling target stops', async () => {
    hook.enqueue({ status: 500, body: 'x'.repeat(5000), dripMs: 100 });
    const started = Date.now();
    const outcome = await sendNotification(channel('webhook', { url: `${hook.url}/big` }), message, {
      ...options,
      timeoutMs: 5000,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome.statusCode).toBe(500);
    expect(outcome.body.length).toBe(4096);
  });

  it('a target that never answers is a failed attempt at the deadline', async () => {
    hook.enqueue({ status: 200, delayMs: 5000 });
    const started = Date.now();
    const outcome = await sendNotification(channel('slack', { webhookUrl: `${hook.url}/slow` }), message, {
      ...options,
      timeoutMs: 800,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ statusCode: null, error: 'timed out after 800 ms' });
  });

  it('an SMTP server that greets and then never answers is given up at the deadline', async () => {
    const stalled = await startSlowSmtpServer({ replyMs: null });
    try {
      const started = Date.now();
      const outcome = await sendNotification(
        channel('email', { smtpUrl: `smtp://127.0.0.1:${stalled.port}?tls=off` }),
        message,
        { ...options, timeoutMs: 1000 },
      );
      expect(Date.now() - started).toBeLessThan(2500);
      expect(stalled.connections()).toBe(1);
      expect(outcome).toMatchObject({ statusCode: null, retryable: true });
      expect(outcome.error).toBe('the mail server did not answer in time');
    } finally {
      await stalled.close();
    }
  });
});

describe('SMTP', () => {
  it('a server answering each command slowly is cut off at the deadline: the message is not sent late', async () => {
    const slow = await startSlowSmtpServer({ replyMs: 300 });
    try {
      const outcome = await sendNotification(
        channel('email', { smtpUrl: `smtp://127.0.0.1:${slow.port}?tls=off` }),
        message,
        { ...options, timeoutMs: 1000 },
      );
      expect(outcome.error).toBe('the mail server did not answer in time');
      // Unaborted, the conversation went on and the server took the message after the attempt was given up
      // (the retry would send a second copy); aborted, the socket closes at the deadline.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect([slow.delivered(), slow.open()]).toEqual([0, 0]);
    } finally {
      await slow.close();
    }
  });

  it('does not log in or send without TLS unless the URL says tls=off', async () => {
    const url = `smtp://alerts:Sup3rS3cretPw@127.0.0.1:${smtp.port}`;
    const before = smtp.received.length;
    const outcome = await sendNotification(channel('email', { smtpUrl: url }), message, options);
    expect(outcome.statusCode).not.toBe(250);
    expect(outcome.error).toMatch(/did not start TLS.*tls=off/);
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toHaveLength(before);
    // tls=off is the explicit way to use a server without TLS.
    const plain = await sendNotification(channel('email', { smtpUrl: `${url}?tls=off` }), message, options);
    expect(plain).toMatchObject({ statusCode: 250, error: null });
    expect(smtp.logins).toEqual([{ username: 'alerts', password: 'Sup3rS3cretPw' }]);
  });

  it("keeps the server's reply out of `error` (every role sees it) and in the admin-only excerpt", async () => {
    smtp.rejectNext(550, 1, '5.1.1 internal relay mx-int-7.corp.local 10.20.30.40 refused');
    const outcome = await sendNotification(channel('email', { smtpUrl: smtp.url }), message, options);
    expect(outcome).toMatchObject({ statusCode: 550, retryable: false });
    expect(outcome.error).toBe('the mail server refused the message (550)');
    expect(outcome.body).toContain('mx-int-7.corp.local 10.20.30.40');
  });
});
