import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNames } from '@/lib/redis-names';
import { sentimentMetrics } from '@/lib/sentiment/metrics';
import type { Role } from '@/contracts/roles';
import { sha256 } from '@/core/auth/hashing';
import { attachRealtime } from '@/server/realtime/socket-server';
import { closeRuntime, runtime } from '@/server/runtime';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { callRoute, waitForFrame, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import { ingestJobOptions, type IngestBatchJob } from '@/contracts/jobs';
import { startIngestWorker } from '@/workers/ingest';
import { seedMetrics, seedUsers } from '@/test/helpers/rules';
import * as termsRoute from './terms/route';
import * as textsRoute from './texts/route';

// Texts go the whole way: BullMQ job → ingest worker (scored, stored, sentiment metrics) → Redis →
// the web process's socket layer → `sentiment` and `metric` frames; the REST reads back-fill the page.
let tdb: TestDatabase;
let server: Server;
let realtime: Awaited<ReturnType<typeof attachRealtime>>;
let publisher: Redis;
let queue: Queue;
let worker: ReturnType<typeof startIngestWorker>;
let socket: Socket;
const tokens = {} as Record<Role, string>;
const prefix = testRedisPrefix();
const sentimentFrames: Record<string, unknown>[] = [];
const metricFrames: Record<string, unknown>[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: prefix,
    PULSEBOARD_DEMO: 'off',
  });
  const actors = await seedUsers(tdb);
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    tokens[role] = `pbt_${role}_token_for_tests`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${actors[role].userId}, 'test', ${sha256(tokens[role])}, 'pbt_')`;
  }
  await seedMetrics(tdb, sentimentMetrics);
  server = createServer();
  realtime = await attachRealtime(server, runtime());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publisher = new Redis(testRedisUrl);
  queue = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix });
  worker = startIngestWorker({
    sql: tdb.sql,
    publisher,
    redisUrl: testRedisUrl,
    prefix,
    latenessMs: 300_000,
  });
  socket = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    auth: { token: tokens.viewer },
    transports: ['websocket'],
  });
  socket.on('sentiment', (frame: Record<string, unknown>) => sentimentFrames.push(frame));
  socket.on('metric', (frame: Record<string, unknown>) => metricFrames.push(frame));
  const ack: unknown = await socket.timeout(5000).emitWithAck('subscribe', {
    metrics: [{ name: 'sentiment_negative_share', groupBy: ['source'] }],
    sentiment: true,
  });
  expect(ack).toEqual({ ok: true, metrics: [{ name: 'sentiment_negative_share', groupBy: ['source'] }] });
});
afterAll(async () => {
  socket.disconnect();
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await realtime.close();
  server.close();
  publisher.disconnect();
  await closeRuntime();
  await tdb.drop();
});

const call = <P extends Record<string, string>>(
  handler: RouteHandler<P>,
  options: RouteCallOptions<P> = {},
) => callRoute(handler, tokens, options);

const job = (source: string, events: IngestBatchJob['events']): IngestBatchJob => ({
  source,
  keyId: 'k',
  backfill: true,
  receivedAt: Date.now(),
  events,
});

describe('sentiment API and live frames', () => {
  it('relays the stored negative texts and the negative share live, and serves feed and rising terms', async () => {
    const now = Date.now();
    // Yesterday the complaints were about delivery; in the last hour they are about refunds.
    const yesterday = Array.from({ length: 20 }, (_, i) => ({
      id: `old${i}`,
      type: 'support_ticket',
      ts: now - 3 * 3_600_000 - i * 60_000,
      text: 'Delivery was late again, really annoying',
      props: { topic: 'delivery' },
    }));
    await queue.add('batch', job('support', yesterday), ingestJobOptions);
    const tickets = [
      { text: 'Where is my refund?? This is a disgrace, worst service ever!', topic: 'billing' },
      { text: 'Refund denied again. I am furious and cancelling.', topic: 'billing' },
      { text: 'Thanks, the agent was lovely and fixed it quickly', topic: 'billing' },
      { text: 'Still no refund, terrible <b>support</b>', topic: 'billing' },
    ].map((t, i) => ({
      id: `t${i}`,
      type: 'support_ticket',
      ts: now - 1000,
      text: t.text,
      props: { topic: t.topic },
    }));
    await queue.add('batch', job('support', tickets), ingestJobOptions);

    type FrameText = { id: string; score: number; source: string; topic: string; text: string };
    const ticketsIn = (f: Record<string, unknown>) =>
      (f.texts as FrameText[]).filter((t) => t.id.startsWith('t'));
    // The two jobs may be flushed together: the frame then carries yesterday's texts too.
    const frame = await waitForFrame(sentimentFrames, (f) => ticketsIn(f).length > 0, 'sentiment');
    const texts = ticketsIn(frame);
    // Most negative first; the positive ticket is not there.
    expect(texts.map((t) => t.score)).toEqual([...texts.map((t) => t.score)].sort((a, b) => a - b));
    expect(texts.map((t) => t.id).sort()).toEqual(['t0', 't1', 't3']);
    expect(texts[0]).toMatchObject({ source: 'support', topic: 'billing' });
    expect(texts.every((t) => t.score <= -0.05)).toBe(true);

    const share = await waitForFrame(
      metricFrames,
      (f) =>
        f.name === 'sentiment_negative_share' &&
        (f.group as Record<string, string>).source === 'support' &&
        f.ts === new Date(Math.floor((now - 1000) / 1000) * 1000).toISOString(),
      'metric',
    );
    expect(share.value).toBeCloseTo(0.75, 5);

    const feed = await call(textsRoute.GET, {
      role: 'viewer',
      path: 'sentiment/texts?maxScore=-0.05&hours=1&source=support',
    });
    expect(feed.status).toBe(200);
    expect((feed.body.texts as { id: string }[]).map((t) => t.id).sort()).toEqual(['t0', 't1', 't3']);
    const other = await call(textsRoute.GET, { role: 'viewer', path: 'sentiment/texts?topic=delivery' });
    expect((other.body.texts as { id: string }[]).every((t) => t.id.startsWith('old'))).toBe(true);

    const terms = await call(termsRoute.GET, { role: 'viewer', path: 'sentiment/terms?source=support' });
    expect(terms.status).toBe(200);
    expect(terms.body).toMatchObject({ recent: { texts: 3 }, previous: { texts: 20 } });
    expect((terms.body.terms as { term: string }[])[0]).toMatchObject({ term: 'refund', recentCount: 3 });
  });

  it('refuses bad filters and anonymous callers', async () => {
    expect(
      (await call(textsRoute.GET, { role: 'viewer', path: 'sentiment/texts?maxScore=0.5' })).body,
    ).toMatchObject({
      error: { field: 'maxScore' },
    });
    expect((await call(termsRoute.GET, { role: 'viewer', path: 'sentiment/terms?limit=500' })).status).toBe(
      400,
    );
    expect((await call(textsRoute.GET, { path: 'sentiment/texts' })).status).toBe(401);
  });
});
