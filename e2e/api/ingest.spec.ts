import { expect, test } from '@playwright/test';
import { e2eAdmin, postEvents, uniqueType } from '../helpers';

test.describe('POST /api/v1/events', () => {
  test('answers 401 without a key and with a wrong key', async ({ request }) => {
    const none = await request.post('/api/v1/events', { data: { id: 'a', type: 't' } });
    expect(none.status()).toBe(401);
    const wrong = await postEvents(request, [{ id: 'a', type: 't' }], 'pbk_wrong');
    expect(wrong.status()).toBe(401);
    expect((await wrong.json()) as unknown).toMatchObject({ error: { code: 'unauthorized' } });
  });

  test('answers 400 naming the field for a bad event', async ({ request }) => {
    const r = await postEvents(request, [{ id: 'x', type: 't', value: 'ten' }]);
    expect(r.status()).toBe(400);
    const body = (await r.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe('value');
    expect(body.error.message).toMatch(/value/);
  });

  test('answers 202 with accepted and rejected for a mixed batch, storing only the valid events', async ({
    request,
  }) => {
    const type = uniqueType('mixed');
    const r = await postEvents(request, [
      { id: `${type}-1`, type, value: 1 },
      { id: `${type}-2`, type, ts: 'yesterday' },
      { id: `${type}-3`, type, props: { nested: { no: true } } },
      { id: `${type}-4`, type, user: 'u1', text: 'fine' },
    ]);
    expect(r.status()).toBe(202);
    const body = (await r.json()) as { accepted: number; rejected: { index: number; field: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((x) => [x.index, x.field])).toEqual([
      [1, 'ts'],
      [2, 'props.nested'],
    ]);
    const login = await request.post('/api/v1/session', { data: e2eAdmin });
    expect(login.status()).toBe(200);
    await expect
      .poll(async () => {
        const list = await request.get(`/api/v1/events?type=${type}`);
        return ((await list.json()) as { events: { id: string }[] }).events.map((e) => e.id).sort();
      })
      .toEqual([`${type}-1`, `${type}-4`]);
  });

  test('answers 415 for a wrong content type and 413 past 10,000 events', async ({ request }) => {
    const plain = await request.post('/api/v1/events', {
      headers: { authorization: 'Bearer pbk_e2e_ingest_key_0123456789', 'content-type': 'text/plain' },
      data: 'id=1',
    });
    expect(plain.status()).toBe(415);
    const many = await postEvents(
      request,
      Array.from({ length: 10_001 }, (_, i) => ({ id: `m${i}`, type: 'too_many' })),
    );
    expect(many.status()).toBe(413);
  });
});

test('GET /metrics exposes ingest counters and the queue in Prometheus text format', async ({ request }) => {
  const type = uniqueType('prom');
  await postEvents(request, [{ id: `${type}-1`, type }, { id: `${type}-2` }]);
  const r = await request.get('/metrics');
  expect(r.status()).toBe(200);
  expect(r.headers()['content-type']).toContain('text/plain');
  const text = await r.text();
  expect(text).toMatch(/^pulseboard_ingest_requests_total\{status="202"\} [1-9]/m);
  expect(text).toMatch(/^pulseboard_ingest_events_accepted_total [1-9]/m);
  expect(text).toMatch(/^pulseboard_ingest_events_rejected_total [1-9]/m);
  expect(text).toMatch(/^pulseboard_ingest_request_duration_seconds_count [1-9]/m);
  // Cluster-wide gauges: only this web process is scraped here, so it holds their lease.
  expect(text).toMatch(/^pulseboard_ingest_queue_jobs\{scope="cluster",state="waiting"\} \d+/m);
  expect(text).toMatch(/^pulseboard_workers\{scope="cluster"\} [1-9]/m);
});
