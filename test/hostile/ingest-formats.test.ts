import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtime } from '@/server/runtime';
import type { IngestBatchJob } from '@/contracts/jobs';
import { ingestPayloads } from '@/workers/ingest';
import { processBatch } from '@/workers/ingest/process-batch';
import { POST as ingest } from '@/app/api/v1/events/route';
import { createWorld, send, type Answer, type HostileWorld } from './fixture';

/**
 * The other body forms of POST /api/v1/events through the real handler: gzip (`Content-Encoding`) and
 * CloudEvents JSON, structured and batched (docs/cloudevents.md), under the same limits and errors.
 */

let world: HostileWorld;

beforeAll(async () => {
  world = await createWorld();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const post = (
  body: string | Uint8Array,
  contentType: string | null = 'application/json',
  headers: Record<string, string> = {},
): Promise<Answer> =>
  send(ingest, { bearer: world.ingestKey }, { method: 'POST', path: 'events', body, contentType, headers });

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

async function drain(): Promise<void> {
  const jobs = await queued();
  if (jobs.length) await processBatch(world.tdb.sql, jobs, { latenessMs: 300_000, metrics: [] });
  await runtime().queues.ingest.obliterate({ force: true });
}

const gz = (text: string) => new Uint8Array(gzipSync(text));
const limit = 5 * 1024 * 1024;

describe('gzip bodies', () => {
  it('takes a gzip body and stores its events', async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ id: `gz${i}`, type: 'gzipped', value: i }));
    const answer = await post(gz(JSON.stringify({ events })), 'application/json', {
      'content-encoding': 'gzip',
    });
    expect(answer.status, answer.text).toBe(202);
    expect(answer.body).toEqual({ accepted: 50, rejected: [] });
    await drain();
    const [row] = await world.tdb.sql<{ n: number }[]>`select count(*)::int as n from events
      where type = 'gzipped'`;
    expect(row!.n).toBe(50);
  });

  it('holds the 5 MB limit on the inflated size too (a small bomb is 413), and refuses broken gzip', async () => {
    // Under 10 KB compressed, 5 MB + 1 inflated.
    const bomb = gz(JSON.stringify({ events: [{ id: 'b', type: 't' }] }).padEnd(limit + 1, ' '));
    expect(bomb.byteLength).toBeLessThan(10_000);
    const big = await post(bomb, 'application/json', { 'content-encoding': 'gzip' });
    expect(big.status, big.text).toBe(413);
    expect(big.body.error?.code).toBe('payload_too_large');
    // Exactly 5 MB inflated is still taken.
    const exact = gz(JSON.stringify({ events: [{ id: 'x5', type: 't' }] }).padEnd(limit, ' '));
    expect((await post(exact, 'application/json', { 'content-encoding': 'gzip' })).status).toBe(202);
    const broken = await post('not gzip at all', 'application/json', { 'content-encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(broken.body.error?.message).toMatch(/gzip/);
    const brotli = await post('{}', 'application/json', { 'content-encoding': 'br' });
    expect(brotli.status).toBe(415);
    await runtime().queues.ingest.obliterate({ force: true });
  });
});

const cloudEvent = (i: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  specversion: '1.0',
  id: `ce${i}`,
  source: 'https://shop.example.com/checkout',
  type: 'com.example.order.created',
  time: new Date(Date.now() - 1000).toISOString(),
  ...over,
});

describe('CloudEvents', () => {
  it('maps a structured CloudEvent: id, type, time, source and subject, extensions and data fields', async () => {
    const time = new Date(Date.now() - 5000).toISOString();
    const ce = cloudEvent(1, {
      time,
      subject: 'order-42',
      datacontenttype: 'application/json',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      region: 'eu',
      data: {
        value: 99.5,
        text: 'great service',
        user: 'u7',
        dedupKey: 'order-42',
        props: { plan: 'pro' },
        ignored: { nested: true },
      },
    });
    const answer = await post(JSON.stringify(ce), 'application/cloudevents+json; charset=utf-8');
    expect(answer.status, answer.text).toBe(202);
    expect(answer.body).toEqual({ accepted: 1, rejected: [] });
    await drain();
    const [row] = await world.tdb.sql<
      {
        id: string;
        type: string;
        ts_ms: number;
        source: string;
        value: number;
        text: string;
        user_id: string;
        dedup_key: string;
        props: Record<string, unknown>;
      }[]
    >`select id, type, (extract(epoch from ts) * 1000)::float8 as ts_ms, source, value, text, user_id, dedup_key, props from events where id = 'ce1'`;
    expect(row).toMatchObject({
      id: 'ce1',
      type: 'com.example.order.created',
      source: 'default', // the key's source, never the CloudEvent's
      value: 99.5,
      text: 'great service',
      user_id: 'u7',
      dedup_key: 'order-42',
    });
    expect(row!.ts_ms).toBe(Date.parse(time));
    expect(row!.props).toEqual({
      ce_source: 'https://shop.example.com/checkout',
      ce_subject: 'order-42',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      region: 'eu',
      plan: 'pro',
    });
  });

  it('takes a batch, rejecting invalid CloudEvents one by one in CloudEvents terms', async () => {
    const bad: [string, Record<string, unknown>][] = [
      ['specversion', cloudEvent(11, { specversion: '0.3' })],
      ['specversion', cloudEvent(12, { specversion: undefined })],
      ['id', cloudEvent(13, { id: '' })],
      ['source', cloudEvent(14, { source: undefined })],
      ['type', cloudEvent(15, { type: 7 })],
      ['time', cloudEvent(16, { time: 'yesterday' })],
      ['data.value', cloudEvent(17, { data: { value: 'a lot' } })],
      ['nested', cloudEvent(18, { nested: { a: 1 } })],
      ['data.props', cloudEvent(19, { data: { props: [1] } })],
      ['type', cloudEvent(20, { type: 'has spaces' })],
    ];
    const batch = [cloudEvent(10), ...bad.map(([, ce]) => ce)];
    const answer = await post(JSON.stringify(batch), 'application/cloudevents-batch+json');
    expect(answer.status, answer.text).toBe(202);
    expect(answer.body.accepted).toBe(1);
    const rejected = answer.body.rejected as { index: number; field: string; message: string }[];
    expect(rejected.map((r) => [r.index, r.field])).toEqual(bad.map(([field], i) => [i + 1, field]));
    for (const r of rejected) expect(r.message.length).toBeGreaterThan(0);
    expect((await queued()).flatMap((j) => j.events.map((e) => e.id))).toEqual(['ce10']);

    // Nothing usable: 400 with every rejection.
    const none = await post(JSON.stringify(bad.map(([, ce]) => ce)), 'application/cloudevents-batch+json');
    expect(none.status).toBe(400);
    expect((none.body.rejected as unknown[]).length).toBe(bad.length);
    expect(none.body.error?.field).toBe('specversion');
    await runtime().queues.ingest.obliterate({ force: true });
  });

  it('holds the same limits and body errors: 413 past 10,000 events or 5 MB, 400 on broken bodies', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => cloudEvent(i));
    const tooMany = await post(JSON.stringify(many), 'application/cloudevents-batch+json');
    expect(tooMany.status).toBe(413);
    const tooBig = await post(
      JSON.stringify(cloudEvent(1)).padEnd(limit + 1, ' '),
      'application/cloudevents+json',
    );
    expect(tooBig.status).toBe(413);
    const notList = await post(JSON.stringify(cloudEvent(1)), 'application/cloudevents-batch+json');
    expect(notList.status).toBe(400);
    expect(notList.body.error?.message).toMatch(/array/);
    const broken = await post('{"specversion":', 'application/cloudevents+json');
    expect(broken.status).toBe(400);
    const binary = await post('<xml/>', 'application/xml');
    expect(binary.status).toBe(415);
    expect(await queued()).toEqual([]);
    // Exactly 10,000 are taken.
    const exactly = await post(JSON.stringify(many.slice(0, 10_000)), 'application/cloudevents-batch+json');
    expect(exactly.status, exactly.text.slice(0, 200)).toBe(202);
    expect(exactly.body.accepted).toBe(10_000);
    await runtime().queues.ingest.obliterate({ force: true });
  }, 60_000);
});
