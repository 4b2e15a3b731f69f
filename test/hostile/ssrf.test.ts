import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as channelRoute from '@/app/api/v1/channels/[id]/route';
import * as testRoute from '@/app/api/v1/channels/[id]/test/route';
import * as channelsRoute from '@/app/api/v1/channels/route';
import * as deliveryRoute from '@/app/api/v1/deliveries/[id]/route';
import * as deliveriesRoute from '@/app/api/v1/deliveries/route';
import type { ChannelType } from '@/db/schema';
import type { ResolvedChannel } from '@/lib/notifications/channel-config';
import type { NotifyMessage } from '@/lib/notifications/message';
import { secretKey } from '@/lib/notifications/secrets';
import { sendNotification } from '@/lib/notifications/send';
import {
  assertSavableTarget,
  guardedLookup,
  isPrivateAddress,
  PrivateTargetError,
  resolveTarget,
} from '@/lib/notifications/ssrf';
import type { Role } from '@/contracts/roles';
import { createSession } from '@/core/auth/sessions';
import { runtime } from '@/server/runtime';
import type { Handler } from '@/test/helpers/api-calls';
import { startHttpReceiver } from '@/test/receivers';
import { deliver } from '@/workers/notify/deliver';
import { createWorld, send, type Answer, type HostileWorld } from './fixture';

/**
 * SSRF (issue 16 point 1): a notification target is refused on any address that is not public unicast,
 * in every spelling `new URL` accepts. IP literals are refused when a channel is saved; names are saved
 * unresolved (issue 20 point 8) and checked on the address each transport dials. Response excerpts of
 * the delivery log are for admins only.
 */

/** Loopback, private, link-local, CGNAT, reserved and multicast targets, spelled every way a URL allows. */
const refusedUrls = [
  'http://127.0.0.1/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://0x7f000001/',
  'http://017700000001/',
  'http://0177.0.0.1/',
  'http://127.1/',
  'http://127.0.1/',
  'http://127.0.0.1./',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:7f00:1]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[::ffff:10.0.0.1]/',
  'http://[::]/',
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[fd00:ec2::254]/',
  'http://[ff02::1]/',
  'http://[::7f00:1]/',
  'http://[::127.0.0.1]/',
  'http://[::808:808]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[64:ff9b::10.0.0.1]/',
  'http://[64:ff9b:1::a00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[2001:db8::1]/',
  'http://0.0.0.0/',
  'http://0/',
  'http://10.0.0.1/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://169.254.169.254/',
  'http://2852039166/',
  'http://0xa9.0xfe.0xa9.0xfe/',
  'http://100.64.0.1/',
  'http://100.127.255.254/',
  'http://198.18.0.1/',
  'http://198.19.255.255/',
  'http://192.0.0.1/',
  'http://192.0.2.1/',
  'http://198.51.100.1/',
  'http://203.0.113.1/',
  'http://224.0.0.1/',
  'http://239.255.255.250/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://0xffffffff/',
];

/** The same hosts as SMTP URLs, whose hosts `new URL` leaves as typed (getaddrinfo would read 0x7f.1). */
const refusedSmtpUrls = [
  ...refusedUrls.map((u) => u.replace(/^http:/, 'smtp:').replace(/\/$/, ':25')),
  'smtps://127.1',
  'smtp://%31%32%37.0.0.1:25',
];

/** Public addresses and names: saved, and (literals) dialled as they are. */
const allowedLiterals = [
  ['https://8.8.8.8/', '8.8.8.8'],
  ['https://1.1.1.1/', '1.1.1.1'],
  ['https://134744072/', '8.8.8.8'],
  ['https://[2606:4700::1]/', '2606:4700::1'],
  ['https://[2001:4860:4860::8888]/', '2001:4860:4860::8888'],
  ['https://[::ffff:8.8.8.8]/', '::ffff:808:808'],
  ['https://[64:ff9b::808:808]/', '64:ff9b::808:808'],
  ['smtps://8.8.8.8:465', '8.8.8.8'],
] as const;
const allowedNames = [
  'https://hooks.slack.com/services/T000/B000/x',
  'https://hooks.slack.invalid/services/T000/B000/x',
  'http://localhost:9/x',
  'smtp://smtp.example.com:587',
];

describe('the guard', () => {
  it('refuses every spelling of a non-public address when saving and when dialling', async () => {
    for (const url of [...refusedUrls, ...refusedSmtpUrls]) {
      expect(() => assertSavableTarget(url, false), url).toThrow(PrivateTargetError);
      await expect(resolveTarget(new URL(url).hostname, false), url).rejects.toBeInstanceOf(
        PrivateTargetError,
      );
      expect(() => assertSavableTarget(url, true), url).not.toThrow();
    }
  });

  it('allows public addresses, dialled as written, and saves names without resolving them', async () => {
    for (const [url, address] of allowedLiterals) {
      expect(() => assertSavableTarget(url, false), url).not.toThrow();
      expect(await resolveTarget(new URL(url).hostname, false), url).toEqual([
        { address, family: address.includes(':') ? 6 : 4 },
      ]);
    }
    for (const url of allowedNames) expect(() => assertSavableTarget(url, false), url).not.toThrow();
  });

  it('refuses a name resolving to loopback in the lookup form too (for net.connect callers)', async () => {
    const lookup = (allowPrivate: boolean) =>
      new Promise<unknown>((resolve) =>
        guardedLookup(allowPrivate)('localhost', { all: true }, (error, addresses) =>
          resolve(error ?? addresses),
        ),
      );
    expect(await lookup(false)).toBeInstanceOf(PrivateTargetError);
    expect(await lookup(true)).toContainEqual({ address: '127.0.0.1', family: 4 });
  });

  it('classifies addresses as DNS answers them', () => {
    for (const a of [
      '127.0.0.1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '::7f00:1',
      '64:ff9b::7f00:1',
      '64:ff9b:1::808:808',
      '::',
      '::1',
      'fe80::1',
      'fc00::1',
      'ff02::1',
      '2001:db8::1',
      '100.64.0.1',
      '198.18.0.1',
      '224.0.0.1',
      '240.0.0.1',
      '255.255.255.255',
      '0.0.0.0',
      '192.0.2.1',
      'not-an-address',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700::1', '2001:4860:4860::8888', '64:ff9b::808:808'])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});

/** A TCP listener on 127.0.0.1 that counts connections and keeps the first bytes of each. */
async function startListener() {
  const firstBytes: Buffer[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.once('data', (chunk: Buffer) => {
      firstBytes.push(chunk);
      socket.destroy();
    });
    setTimeout(() => socket.destroy(), 200);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    firstBytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const message: NotifyMessage = {
  action: 'test',
  at: new Date().toISOString(),
  incident: null,
  links: { incident: null, acknowledge: null },
};

const configFor = (type: ChannelType, url: string): Record<string, unknown> =>
  type === 'email'
    ? { smtpUrl: url, from: 'pulseboard@example.com', to: ['oncall@example.com'] }
    : type === 'webhook'
      ? { url }
      : { webhookUrl: url };
const urlField = (type: ChannelType) =>
  type === 'email' ? 'smtpUrl' : type === 'webhook' ? 'url' : 'webhookUrl';
const httpTypes = ['slack', 'teams', 'webhook'] as const;
const noRateLimit = Object.fromEntries(
  ['slack', 'teams', 'webhook', 'email', 'pagerduty'].map((t) => [t, { perSecond: 1000, burst: 1000 }]),
);

let world: HostileWorld;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  // The other hostile files allow private targets for their local receivers; this one is about refusing them.
  world = await createWorld({ allowPrivateTargets: false });
  cookies.admin = await world.adminCookie();
  for (const role of ['viewer', 'operator'] as const) {
    const [user] = await world.tdb.sql<{ id: string }[]>`
      insert into users (email, name, password_hash, role)
      values (${`${role}@hostile`}, ${role}, 'x', ${role}) returning id`;
    cookies[role] = (await createSession(world.tdb.db, user!.id)).token;
  }
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const call = (handler: Handler, role: Role, method: string, body?: unknown, params = {}) =>
  send(
    handler,
    { cookie: cookies[role] },
    {
      method,
      path: 'x',
      params,
      body: body === undefined ? undefined : { json: body },
    },
  );
const createChannel = (type: ChannelType, url: string) =>
  call(channelsRoute.POST, 'admin', 'POST', {
    name: `${type} ${url}`,
    type,
    config: configFor(type, url),
  });
const channelCount = async () =>
  (await world.tdb.sql<{ n: number }[]>`select count(*)::int n from channels`)[0]!.n;

function deliverDeps(allowPrivate: boolean) {
  const rt = runtime();
  return {
    db: world.tdb.db,
    redis: rt.redis,
    prefix: rt.env.PULSEBOARD_REDIS_PREFIX,
    secretKey: secretKey(rt.env.PULSEBOARD_SECRET),
    pagerDutyUrl: 'http://127.0.0.1:9/v2/enqueue',
    allowPrivate,
    rateLimits: noRateLimit,
    timeoutMs: 2000,
  };
}

/** Queues a test message through the real route and runs the worker's attempt on it. */
async function testDelivery(channelId: string, allowPrivate: boolean) {
  const queued = await call(testRoute.POST, 'admin', 'POST', undefined, { id: channelId });
  expect(queued.status, queued.text).toBe(202);
  const deliveryId = (queued.body.delivery as { id: string }).id;
  const result = await deliver(deliverDeps(allowPrivate), deliveryId);
  return { deliveryId, result };
}

describe('saving a channel', () => {
  it('answers 400 naming the field for a private IP literal in any spelling, and stores nothing', async () => {
    const before = await channelCount();
    const cases: [ChannelType, string][] = [
      ...httpTypes.flatMap((type) => refusedUrls.map((u): [ChannelType, string] => [type, `${u}hook`])),
      ...refusedSmtpUrls.map((u): [ChannelType, string] => ['email', u]),
    ];
    for (const [type, url] of cases) {
      const answer: Answer = await createChannel(type, url);
      expect(answer.status, `${type} ${url}: ${answer.text}`).toBe(400);
      expect(answer.body.error?.field, `${type} ${url}`).toBe(`config.${urlField(type)}`);
    }
    expect(await channelCount()).toBe(before);
  });

  it('refuses a change to a private IP literal and keeps the stored target', async () => {
    const created = await createChannel('webhook', 'https://hooks.example.invalid/in');
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const changed = await call(
      channelRoute.PATCH,
      'admin',
      'PATCH',
      { config: { url: 'http://[::ffff:a9fe:a9fe]/latest' } },
      { id },
    );
    expect(changed).toMatchObject({ status: 400, body: { error: { field: 'config.url' } } });
    const read = await call(channelRoute.GET, 'admin', 'GET', undefined, { id });
    expect(read.body).toMatchObject({ config: { url: 'https://hooks.example.invalid/••••' } });
  });

  it('saves names it cannot resolve: they are checked when sending', async () => {
    for (const [type, url] of [
      ['slack', 'https://hooks.slack.invalid/services/T000/B000/x'],
      ['email', 'smtp://mail.pulseboard.invalid:587'],
    ] as const) {
      const answer = await createChannel(type, url);
      expect(answer.status, `${type}: ${answer.text}`).toBe(201);
    }
  });
});

type Attempt = { statusCode: number | null; error: string | null; responseExcerpt: string | null };

describe('sending', () => {
  it('refuses a saved name that resolves to loopback on every transport, and nothing connects', async () => {
    const listener = await startListener();
    try {
      for (const type of [...httpTypes, 'email'] as const) {
        const url =
          type === 'email'
            ? `smtp://localhost:${listener.port}?tls=off`
            : `http://localhost:${listener.port}/hook`;
        const created = await createChannel(type, url);
        expect(created.status, `${type}: ${created.text}`).toBe(201);
        const { deliveryId, result } = await testDelivery(created.body.id as string, false);
        expect(result, type).toEqual({ done: true, status: 'failed' });
        const read = await call(deliveryRoute.GET, 'admin', 'GET', undefined, { id: deliveryId });
        const [attempt, ...more] = (read.body as { attempts: Attempt[] }).attempts;
        expect(more, type).toEqual([]);
        expect(attempt?.statusCode, type).toBeNull();
        // Every role sees `error`: the kind of failure, not the host or its address (admins get those).
        expect(attempt?.error, type).toMatch(/private or loopback/);
        expect(attempt?.error, type).not.toMatch(/localhost|127\.0\.0\.1|::1/);
        expect(attempt?.responseExcerpt, type).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
      }
      expect(listener.connections()).toBe(0);
      // The listener does see a transport that is allowed to dial it.
      const control = await createChannel('webhook', `http://localhost:${listener.port}/control`);
      await testDelivery(control.body.id as string, true);
      expect(listener.connections()).toBe(1);
    } finally {
      await listener.close();
    }
  });

  it('refuses stored private literals on every transport before connecting', async () => {
    const listener = await startListener();
    try {
      for (const host of [
        '127.0.0.1',
        '[::ffff:7f00:1]',
        '[::ffff:127.0.0.1]',
        '2130706433',
        '0x7f.1',
        '127.1',
      ]) {
        for (const type of [...httpTypes, 'email'] as const) {
          const url =
            type === 'email'
              ? `smtp://${host}:${listener.port}?tls=off`
              : `http://${host}:${listener.port}/hook`;
          const channel: ResolvedChannel = {
            id: 'c',
            name: 'stored while allowed',
            type,
            config: configFor(type, url),
            secrets: { [urlField(type)]: url },
          };
          const outcome = await sendNotification(channel, message, {
            pagerDutyUrl: 'http://127.0.0.1:9',
            allowPrivate: false,
            deliveryId: 'd',
            timeoutMs: 2000,
          });
          expect(outcome.refused, `${type} ${url}`).toBe(true);
          expect(outcome.error, `${type} ${url}`).toMatch(/private/);
        }
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('e-mail dials the address it checked and keeps the name for TLS', async () => {
    const listener = await startListener();
    try {
      const channel: ResolvedChannel = {
        id: 'c',
        name: 'mail',
        type: 'email',
        config: configFor('email', ''),
        secrets: { smtpUrl: `smtps://localhost:${listener.port}` },
      };
      const outcome = await sendNotification(channel, message, {
        pagerDutyUrl: 'http://127.0.0.1:9',
        allowPrivate: true,
        deliveryId: 'd',
        timeoutMs: 2000,
      });
      expect(outcome.statusCode).toBeNull();
      expect(listener.connections()).toBe(1);
      // The TLS ClientHello names the host (SNI) though the connection went to 127.0.0.1.
      expect(listener.firstBytes[0]?.toString('latin1')).toContain('localhost');
    } finally {
      await listener.close();
    }
  });
});

describe('the delivery log', () => {
  it('shows what a target answered to admins only', async () => {
    const target = await startHttpReceiver(() => ({ status: 500, body: 'internal: aws-secret-key-0123' }));
    try {
      const created = await createChannel('webhook', `http://localhost:${target.port}/in`);
      const { deliveryId, result } = await testDelivery(created.body.id as string, true);
      expect(result).toMatchObject({ done: false });
      for (const role of ['viewer', 'operator', 'admin'] as const) {
        const list = await call(deliveriesRoute.GET, role, 'GET');
        const one = await call(deliveryRoute.GET, role, 'GET', undefined, { id: deliveryId });
        const excerpt = role === 'admin' ? 'internal: aws-secret-key-0123' : null;
        expect(one.body, role).toMatchObject({ attempts: [{ statusCode: 500, responseExcerpt: excerpt }] });
        const listed = (list.body.deliveries as { id: string }[]).find((d) => d.id === deliveryId);
        expect(listed, role).toMatchObject({ attempts: [{ statusCode: 500, responseExcerpt: excerpt }] });
        if (role !== 'admin') expect(list.text + one.text, role).not.toContain('aws-secret-key');
      }
    } finally {
      await target.close();
    }
  });
});
