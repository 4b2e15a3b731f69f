import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveIngest } from '@/server/ingest-endpoint';
import { runtime } from '@/server/runtime';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';
import type { IngestBatchJob } from '@/contracts/jobs';
import { ingestPayloads } from '@/workers/ingest';
import { processBatch } from '@/workers/ingest/process-batch';
import { PulseboardClient, type Transport } from '../src/index';

/**
 * The client against the real ingest endpoint (serveIngest on a node:http server, as the custom server
 * mounts it), a real Redis queue, and the ingest worker's batch step writing to a real PostgreSQL.
 */

let world: HostileWorld;
let server: Server;
let url: string;

beforeAll(async () => {
  world = await createWorld();
  server = createServer((req, res) => void serveIngest(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await world?.close();
});

async function queued(): Promise<IngestBatchJob[]> {
  const jobs = await runtime().queues.ingest.getJobs([
    'waiting',
    'delayed',
    'prioritized',
    'paused',
    'active',
  ]);
  return jobs.flatMap((j) => ingestPayloads(j.name, j.data));
}

/** Runs what is queued through the ingest worker's batch step, then empties the queue. */
async function drain(): Promise<void> {
  const jobs = await queued();
  if (jobs.length) await processBatch(world.tdb.sql, jobs, { latenessMs: 300_000, metrics: [] });
  await runtime().queues.ingest.obliterate({ force: true });
}

async function stored(type: string): Promise<number> {
  const [row] = await world.tdb.sql<
    { n: number }[]
  >`select count(*)::int as n from events where type = ${type}`;
  return row!.n;
}

describe('PulseboardClient against the real ingest pipeline', () => {
  it('sends gzip batches the endpoint takes and the worker stores', async () => {
    const client = new PulseboardClient({ url, key: world.ingestKey, maxBatchEvents: 1000 });
    for (let i = 0; i < 2500; i++) {
      await client.send({ type: 'sdk_gzip', value: i, user: `u${i % 10}`, props: { zone: 'harbor' } });
    }
    await client.close();
    expect(client.stats).toMatchObject({ accepted: 2500, rejected: 0, failed: 0, batches: 3 });
    await drain();
    expect(await stored('sdk_gzip')).toBe(2500);
  });

  it('counts a retried batch once: the answer to the first attempt is lost, the retry re-sends the same ids', async () => {
    const attempts = new Map<string, number>();
    // The server takes each request, but the first answer to each body never reaches the client.
    const losingFirstAnswer: Transport = async (request) => {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body as string | Uint8Array<ArrayBuffer>,
        signal: request.signal,
      });
      const key = Buffer.from(request.body).toString('base64');
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n === 1) {
        expect(response.status).toBe(202);
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      }
      return response;
    };
    const client = new PulseboardClient({
      url,
      key: world.ingestKey,
      maxBatchEvents: 500,
      transport: losingFirstAnswer,
      retry: { baseDelayMs: 10 },
    });
    for (let i = 0; i < 1000; i++) await client.send({ type: 'sdk_retry', value: i });
    await client.close();
    expect(client.stats).toMatchObject({ accepted: 1000, retries: 2, failed: 0 });
    // Both attempts of both batches reached the queue: 2,000 events for 1,000 ids.
    const ids = (await queued()).flatMap((j) =>
      j.events.filter((e) => e.type === 'sdk_retry').map((e) => e.id),
    );
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(1000);
    await drain();
    expect(await stored('sdk_retry')).toBe(1000);
  });

  it('posts a CloudEvents batch as a pre-built body', async () => {
    const client = new PulseboardClient({ url, key: world.ingestKey });
    const batch = [1, 2].map((i) => ({
      specversion: '1.0',
      id: `sdk-ce-${i}`,
      source: '/sdk/test',
      type: 'sdk_cloudevent',
      data: { value: i },
    }));
    const result = await client.sendBatch(JSON.stringify([...batch, { specversion: '1.0' }]), {
      contentType: 'application/cloudevents-batch+json',
      events: 3,
    });
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([{ index: 2, field: 'id', message: expect.any(String) as string }]);
    await client.close();
    await drain();
    expect(await stored('sdk_cloudevent')).toBe(2);
  });
});
