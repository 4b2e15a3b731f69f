import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtime } from '@/server/runtime';
import type { IngestBatchJob } from '@/contracts/jobs';
import { ingestPayloads } from '@/workers/ingest';
import { sha256 } from '@/core/auth/hashing';
import { processBatch } from '@/workers/ingest/process-batch';
import { GET as listEvents, POST as ingest } from '@/app/api/v1/events/route';
import { createWorld, send, type Answer, type HostileWorld } from './fixture';

/**
 * The ingest contract under hostile input (DESIGN.md: at most 10,000 events and 5 MB; 400 when nothing
 * is usable; one bad event never costs its neighbours), and valid-but-nasty text stored verbatim through
 * the worker's COPY and returned verbatim by GET /api/v1/events.
 */

let world: HostileWorld;

beforeAll(async () => {
  world = await createWorld();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const post = (body: string | Uint8Array, contentType: string | null = 'application/json'): Promise<Answer> =>
  send(ingest, { bearer: world.ingestKey }, { method: 'POST', path: 'events', body, contentType });

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

const now = () => Date.now() - 1000;
const event = (i: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: `e${i}`,
  type: 'hostile',
  ts: now(),
  ...over,
});

describe('ingest under hostile input', () => {
  it('refuses 10,001 events (JSON and NDJSON) and 5 MB + 1 with 413, and queues nothing', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: `e${i}`, type: 't' }));
    const cases: [string, string, string][] = [
      ['10,001 events', JSON.stringify({ events: many }), 'application/json'],
      ['a bare list of 10,001', JSON.stringify(many), 'application/json'],
      ['10,001 NDJSON lines', many.map((e) => JSON.stringify(e)).join('\n'), 'application/x-ndjson'],
      [
        '5 MB + 1',
        JSON.stringify({ events: [event(1)] }).padEnd(5 * 1024 * 1024 + 1, ' '),
        'application/json',
      ],
    ];
    for (const [what, body, type] of cases) {
      const answer = await post(body, type);
      expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBe(413);
      expect(answer.body.error?.code).toBe('payload_too_large');
      expect(answer.body.error?.message).toMatch(/10000|10,000|bytes/);
    }
    expect(await queued()).toEqual([]);
    const exactly = await post(JSON.stringify({ events: many.slice(0, 10_000) }));
    expect(exactly.status, exactly.text.slice(0, 200)).toBe(202);
    expect(exactly.body.accepted).toBe(10_000);
    await runtime().queues.ingest.obliterate({ force: true });
  }, 60_000);

  it('broken bodies: 400/415 naming the problem, nothing queued', async () => {
    const cases: [string, string, string | null, number, string][] = [
      ['malformed JSON', '{"events": [', 'application/json', 400, 'body'],
      ['a NaN literal', '{"id":"a","type":"t","value":NaN}', 'application/json', 400, 'body'],
      ['a bad NDJSON line', `${JSON.stringify(event(1))}\n{"id":`, 'application/x-ndjson', 400, 'body'],
      ['events as an object', '{"events":{"id":"a"}}', 'application/json', 400, 'events'],
      ['no events', '{"events":[]}', 'application/json', 400, 'events'],
      ['text/plain', JSON.stringify(event(1)), 'text/plain', 415, 'content-type'],
      ['no content type', JSON.stringify(event(1)), null, 415, 'content-type'],
    ];
    for (const [what, body, type, status, field] of cases) {
      const answer = await post(body, type);
      expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBe(status);
      expect(answer.body.error?.field, what).toBe(field);
    }
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"id":"a","type":"t","text":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const answer = await post(invalidUtf8);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toMatch(/UTF-8/);
    expect(await queued()).toEqual([]);
  });

  it('broken events are refused one by one with the field named; the good ones beside them are kept', async () => {
    // Raw JSON: 1e999 is the only way to send Infinity.
    const bad: [string, string][] = [
      ['value', '{"id":"b1","type":"t","value":1e999}'],
      ['value', '{"id":"b2","type":"t","value":-1e999}'],
      ['value', '{"id":"b3","type":"t","value":"NaN"}'],
      ['ts', '{"id":"b4","type":"t","ts":"2026-02-30T00:00:00Z"}'],
      ['ts', '{"id":"b5","type":"t","ts":"2026-13-01T00:00:00Z"}'],
      ['ts', '{"id":"b6","type":"t","ts":"+275760-09-13T00:00:00.001Z"}'],
      ['ts', '{"id":"b7","type":"t","ts":1e999}'],
      ['ts', '{"id":"b8","type":"t","ts":-1}'],
      ['ts', '{"id":"b9","type":"t","ts":"yesterday"}'],
      ['props.a', `{"id":"b10","type":"t","props":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`],
      [
        'props',
        `{"id":"b11","type":"t","props":{${Array.from({ length: 33 }, (_, i) => `"p${i}":1`).join(',')}}}`,
      ],
      [`props.${'k'.repeat(65)}`, `{"id":"b12","type":"t","props":{"${'k'.repeat(65)}":1}}`],
      ['props.__proto__', '{"id":"b13","type":"t","props":{"__proto__":{"polluted":true}}}'],
      ['props.zone', `{"id":"b14","type":"t","props":{"zone":"${'z'.repeat(257)}"}}`],
      ['text', '{"id":"b15","type":"t","text":"a\\u0000b"}'],
      ['id', '{"id":"b\\u0000","type":"t"}'],
      ['id', '{"id":"\\ud800","type":"t"}'],
      ['text', '{"id":"b18","type":"t","text":"lone \\udc00 surrogate"}'],
      ['props.zone', '{"id":"b19","type":"t","props":{"zone":"\\ud83d"}}'],
      ['dedupKey', '{"id":"b20","type":"t","dedupKey":"k\\u0000"}'],
      ['type', '{"id":"b21","type":"<script>"}'],
      ['type', '{"id":"b22","type":"a b"}'],
      ['source', '{"id":"b23","type":"t","source":"someone-else"}'],
      ['user', '{"id":"b24","type":"t","user":"a\\u0000b"}'],
    ];
    const good = JSON.stringify(event(100, { text: 'fine' }));
    const answer = await post(`{"events":[${good},${bad.map(([, e]) => e).join(',')}]}`);
    expect(answer.status, answer.text.slice(0, 300)).toBe(202);
    const rejected = answer.body.rejected as { index: number; field: string; message: string }[];
    expect(answer.body.accepted).toBe(1);
    expect(rejected.map((r) => [r.index, r.field])).toEqual(bad.map(([field], i) => [i + 1, field]));
    for (const r of rejected) expect(r.message.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // All refused: 400, nothing queued besides the batch above.
    const none = await post(`{"events":[${bad.map(([, e]) => e).join(',')}]}`);
    expect(none.status).toBe(400);
    expect((none.body.rejected as unknown[]).length).toBe(bad.length);
    const jobs = await queued();
    expect(jobs.flatMap((j) => j.events.map((e) => e.id))).toEqual(['e100']);
    // The worker stores the good one: a NUL that slipped through would fail the whole batch's COPY.
    await drain();
    const [row] = await world.tdb.sql<{ n: number }[]>`select count(*)::int as n from events`;
    expect(row!.n).toBe(1);
  });

  it('refuses events older than the events retention with 400 naming ts and the horizon, even from a backfill key', async () => {
    const backfillKey = 'pbk_hostile_backfill_key_0123456789';
    await world.tdb.sql`insert into ingest_keys (source, name, key_hash, prefix, can_backfill)
      values ('default', 'hostile backfill', ${sha256(backfillKey)}, 'pbk_host', true)`;
    const postAs = (events: unknown[]) =>
      send(
        ingest,
        { bearer: backfillKey },
        { method: 'POST', path: 'events', body: JSON.stringify({ events }), contentType: 'application/json' },
      );
    await runtime().queues.ingest.obliterate({ force: true });
    const day = 86_400_000;
    const old = await postAs([event(300, { ts: Date.now() - 31 * day })]);
    expect(old.status, old.text.slice(0, 300)).toBe(400);
    const rejected = old.body.rejected as { index: number; field: string; message: string }[];
    expect(rejected.map((r) => [r.index, r.field])).toEqual([[0, 'ts']]);
    expect(rejected[0]?.message).toMatch(/older than the 30-day events retention \(before \d{4}-/);
    expect(await queued()).toEqual([]);
    // Inside the horizon the backfill key's history is accepted; one past it beside it is refused alone.
    const mixed = await postAs([
      event(301, { ts: Date.now() - 29 * day }),
      event(302, { ts: Date.now() - 40 * day }),
    ]);
    expect(mixed.status).toBe(202);
    expect(mixed.body).toMatchObject({ accepted: 1, rejected: [{ index: 1, field: 'ts' }] });
    await runtime().queues.ingest.obliterate({ force: true });
  });

  it('valid but nasty text goes through the worker and comes back verbatim', async () => {
    const texts = [
      "Robert'); DROP TABLE events;--",
      '<script>alert(1)</script><img src=x onerror=alert(1)>',
      '\u202eevil\u202c and zero\u200bwidth\u200d joiners\ufeffinside',
      '🦄 👩‍👩‍👧 🇫🇷 ok',
      'tab\there, backslash \\N and \\t, newline\nsecond line',
      '{"looks":"like json"} ${injection} %s %n',
      'مرحبا بالعالم שלום',
    ];
    const events = texts.map((text, i) =>
      event(200 + i, { text, user: `u${i}`, props: { zone: text.slice(0, 40).replace(/[\n\t]/g, ' ') } }),
    );
    const answer = await post(JSON.stringify({ events }));
    expect(answer.status, answer.text.slice(0, 300)).toBe(202);
    expect(answer.body.accepted).toBe(texts.length);
    await drain();
    const listed = await send(
      listEvents,
      { bearer: world.adminToken },
      { method: 'GET', path: 'events', query: 'type=hostile&limit=100' },
    );
    expect(listed.status).toBe(200);
    expect(listed.headers.get('x-content-type-options')).toBe('nosniff');
    const back = (listed.body.events as { id: string; text: string; props: Record<string, string> }[]).filter(
      (e) => e.id.startsWith('e2'),
    );
    expect(back.map((e) => e.text).sort()).toEqual([...texts].sort());
    for (const e of back) {
      const sent = events.find((s) => s.id === e.id)!;
      expect(e.text).toBe(sent.text);
      expect(e.props).toEqual(sent.props);
    }
    // The query parameter carries SQL and markup too: it is a value, never SQL.
    const injected = await send(
      listEvents,
      { bearer: world.adminToken },
      {
        method: 'GET',
        path: 'events',
        query: new URLSearchParams({ type: "hostile' OR '1'='1" }).toString(),
      },
    );
    expect(injected.status).toBe(200);
    expect(injected.body.events).toEqual([]);
  });
});
