import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TooManyRequestsError, UnavailableError, ValidationError } from '@/server/errors';
import { queueNames } from '@/lib/redis-names';
import { testRedisPrefix, testRedisUrl } from '@/test/db';
import { ingestEvents } from './ingest';

const prefix = testRedisPrefix();
let queue: Queue;
const key = { id: 'k1', source: 'shop', canBackfill: false, rateLimit: null };

beforeAll(() => {
  queue = new Queue(queueNames.ingest, { connection: { url: testRedisUrl }, prefix });
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
});

const ingest = (events: unknown[], maxBacklog = 1000, q = queue) =>
  ingestEvents({
    ctx: { key, queue: q, maxBacklog, maxSkewMs: 60_000 },
    input: { events, receivedAt: Date.now() },
  });

describe('ingestEvents (real Redis)', () => {
  it('enqueues one job per request carrying only the valid events', async () => {
    const result = await ingest([{ id: 'a', type: 't' }, { id: 'b' }, { id: 'c', type: 't', value: 2 }]);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.field])).toEqual([[1, 'type']]);
    const [job] = await queue.getWaiting();
    expect(job?.data).toMatchObject({ source: 'shop', events: [{ id: 'a' }, { id: 'c', value: 2 }] });
  });

  it('answers 400 and enqueues nothing when no event is usable', async () => {
    const before = await queue.getWaitingCount();
    await expect(ingest([{ id: 'x' }])).rejects.toBeInstanceOf(ValidationError);
    expect(await queue.getWaitingCount()).toBe(before);
  });

  it('answers 429 with Retry-After once the backlog passes the bound, instead of growing Redis', async () => {
    await queue.addBulk(Array.from({ length: 20 }, () => ({ name: 'batch', data: {} })));
    await new Promise((r) => setTimeout(r, 300)); // the backlog reading is cached for 250 ms
    const waiting = await queue.getWaitingCount();
    const error = await ingest([{ id: 'z', type: 't' }], 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await queue.getWaitingCount()).toBe(waiting);
  });

  it('answers 503 with Retry-After when Redis is unreachable', async () => {
    const dead = new Queue(queueNames.ingest, {
      connection: {
        host: '127.0.0.1',
        port: 1,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      },
      prefix,
    });
    dead.on('error', () => {});
    await new Promise((r) => setTimeout(r, 300));
    const error = await ingest([{ id: 'y', type: 't' }], 1000, dead).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    await dead.close().catch(() => {});
  });
});
