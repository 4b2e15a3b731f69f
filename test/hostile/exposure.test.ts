import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as readyRoute from '@/app/api/ready/route';
import * as metricsRoute from '@/app/metrics/route';
import { workerHeartbeatKey } from '@/lib/redis-names';
import { proxy } from '@/proxy';
import { runtime } from '@/server/runtime';
import { createWorld, type HostileWorld } from './fixture';

/**
 * Issue 16, point 5: what a stranger learns from the operational endpoints, and HSTS. The routes are
 * called as handlers with the header the custom server stamps from the socket
 * (`x-pulseboard-client-address`); a client's own copy never reaches them.
 */

const metricsToken = 'metrics-token-0123456789abcdef';
const stamp = 'x-pulseboard-client-address';
const outside = '203.0.113.7';
let world: HostileWorld;

beforeAll(async () => {
  process.env.PULSEBOARD_METRICS_TOKEN = metricsToken; // read once, when createWorld starts the runtime
  world = await createWorld();
  const prefix = runtime().env.PULSEBOARD_REDIS_PREFIX;
  await runtime().redis.set(workerHeartbeatKey(prefix, 'exposure-test'), '1', 'EX', 600);
});
afterAll(async () => {
  delete process.env.PULSEBOARD_METRICS_TOKEN;
  await world?.close();
});

function get(path: string, headers: Record<string, string>): Request {
  return new Request(`http://127.0.0.1${path}`, { headers });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function metrics(headers: Record<string, string>) {
  const response = await metricsRoute.GET(get('/metrics', headers));
  return { status: response.status, text: await response.text(), headers: response.headers };
}
async function ready(headers: Record<string, string>) {
  const response = await readyRoute.GET(get('/api/ready', headers), undefined);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/metrics and /api/ready disclose internals only with the token or to loopback', () => {
  const strangers: [string, Record<string, string>][] = [
    ['another host', { [stamp]: outside }],
    ['another host with a wrong token', { [stamp]: outside, ...bearer('metrics-token-0123456789abcdeX') }],
    ['another host with a token of another length', { [stamp]: outside, ...bearer('short') }],
    [
      'another host claiming loopback in X-Forwarded-For',
      { [stamp]: outside, 'x-forwarded-for': '127.0.0.1' },
    ],
    ['a proxy on this host relaying a client', { [stamp]: '127.0.0.1', 'x-forwarded-for': outside }],
    ['a proxy on this host relaying with Forwarded', { [stamp]: '::1', forwarded: `for=${outside}` }],
    ['a proxy on this host relaying with X-Real-IP', { [stamp]: '127.0.0.1', 'x-real-ip': outside }],
    [
      'a proxy on this host relaying a client that claims loopback',
      { [stamp]: '127.0.0.1', 'x-forwarded-for': `127.0.0.1, ${outside}` },
    ],
    ['a request the custom server did not stamp', {}],
  ];
  const insiders: [string, Record<string, string>][] = [
    ['the metrics token from another host', { [stamp]: outside, ...bearer(metricsToken) }],
    ['IPv4 loopback', { [stamp]: '127.0.0.1' }],
    ['IPv6 loopback', { [stamp]: '::1' }],
    ['IPv4-mapped loopback', { [stamp]: '::ffff:127.0.0.1' }],
    // Next.js sets X-Forwarded-For to the socket address on every request that has none.
    ['loopback as Next.js hands it on', { [stamp]: '127.0.0.1', 'x-forwarded-for': '127.0.0.1' }],
    ['loopback through a proxy on this host', { [stamp]: '::1', 'x-forwarded-for': '::ffff:127.0.0.1' }],
  ];

  it.each(strangers)('%s: /metrics is 401 without a number', async (_, headers) => {
    const answer = await metrics(headers);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(answer.text).not.toMatch(/pulseboard_|process_/);
  });

  it.each(insiders)('%s: /metrics answers the Prometheus text', async (_, headers) => {
    const answer = await metrics(headers);
    expect(answer.status).toBe(200);
    // This process is the only one scraped under the test's prefix, so it holds the cluster gauges' lease.
    expect(answer.text).toMatch(/^pulseboard_workers\{scope="cluster"\} [1-9]/m);
    expect(answer.text).toMatch(/^pulseboard_redis_up\{scope="cluster"\} 1/m);
    expect(answer.text).toMatch(/^process_resident_memory_bytes [1-9]/m);
  });

  it.each(strangers)('%s: /api/ready says only whether it is ready', async (_, headers) => {
    expect(await ready(headers)).toEqual({ status: 200, body: { ready: true } });
  });

  it.each(insiders)('%s: /api/ready names its components', async (_, headers) => {
    const answer = await ready(headers);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ready: true,
      database: { ok: true },
      redis: { ok: true },
      workers: { ok: true, count: 1 },
      durability: { status: expect.any(String) as unknown },
    });
  });

  it('not ready: 503 with a bare body for a stranger, the failing component for the token', async () => {
    const key = workerHeartbeatKey(runtime().env.PULSEBOARD_REDIS_PREFIX, 'exposure-test');
    await runtime().redis.del(key);
    try {
      expect(await ready({ [stamp]: outside })).toEqual({ status: 503, body: { ready: false } });
      const inside = await ready({ [stamp]: outside, ...bearer(metricsToken) });
      expect(inside).toMatchObject({ status: 503, body: { ready: false, workers: { ok: false, count: 0 } } });
    } finally {
      await runtime().redis.set(key, '1', 'EX', 600);
    }
  });
});

describe('HSTS', () => {
  const before = process.env.PULSEBOARD_PUBLIC_URL;
  afterEach(() => {
    if (before === undefined) delete process.env.PULSEBOARD_PUBLIC_URL;
    else process.env.PULSEBOARD_PUBLIC_URL = before;
  });
  /** A signed-in page and the redirect to /login that a visitor without a session gets. */
  const pages = () => [
    proxy(new NextRequest('http://127.0.0.1/incidents', { headers: { cookie: 'pb_session=x' } })),
    proxy(new NextRequest('http://127.0.0.1/incidents')),
  ];

  it('pages and the login redirect carry Strict-Transport-Security when the public URL is https', () => {
    process.env.PULSEBOARD_PUBLIC_URL = 'https://pulse.example.com';
    const [page, redirect] = pages();
    expect(redirect?.status).toBe(307);
    for (const response of [page, redirect]) {
      expect(response?.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    }
  });

  it('no HSTS over plain http or without a public URL (it would lock browsers out of an http-only host)', () => {
    for (const url of ['http://pulse.example.com', undefined]) {
      if (url) process.env.PULSEBOARD_PUBLIC_URL = url;
      else delete process.env.PULSEBOARD_PUBLIC_URL;
      for (const response of pages()) expect(response.headers.has('strict-transport-security')).toBe(false);
    }
  });
});
