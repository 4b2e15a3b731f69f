import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import type { CleanEvent, IngestBatchJob } from '@/contracts/jobs';
import { KeyMemory } from './key-memory';
import { keyClaimFallbackCount, processBatch, textArrayLiteral, type BatchOutcome } from './process-batch';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

const latenessMs = 300_000;
const options = () => ({ latenessMs, metrics: builtInMetrics });
const job = (events: CleanEvent[], extra: Partial<IngestBatchJob> = {}): IngestBatchJob => ({
  source: 'shop',
  keyId: 'k',
  backfill: false,
  receivedAt: Date.now(),
  events,
  ...extra,
});

async function metricTotal(metric: string, type: string): Promise<number> {
  const [row] = await tdb.sql<{ n: string | null }[]>`
    select sum(count)::text as n from metric_points where metric = ${metric} and dims->>'type' = ${type}`;
  return Number(row?.n ?? 0);
}
async function storedCount(type: string): Promise<number> {
  const [row] = await tdb.sql<{ n: string }[]>`select count(*)::text as n from events where type = ${type}`;
  return Number(row?.n ?? 0);
}

describe('processBatch on PostgreSQL', () => {
  it('counts a shuffled stream with 10% duplicates and 5% late events exactly', async () => {
    const now = Date.now();
    const type = 'shuffle';
    const base: CleanEvent[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `e${i}`,
      type,
      ts: i % 20 === 0 ? now - 120_000 : now - (i % 50) * 100,
      value: i,
    }));
    const tooLate: CleanEvent[] = Array.from({ length: 100 }, (_, i) => ({
      id: `late${i}`,
      type,
      ts: now - 600_000,
    }));
    const all = [...base, ...base.filter((_, i) => i % 10 === 3), ...tooLate].sort(() => Math.random() - 0.5);
    const jobs: IngestBatchJob[] = [];
    for (let i = 0; i < all.length; i += 150) jobs.push(job(all.slice(i, i + 150), { receivedAt: now }));
    // Two flushes, the second re-sending two of the first's jobs as a retry would.
    await processBatch(tdb.sql, jobs.slice(0, 8), options());
    const outcome = await processBatch(tdb.sql, [...jobs.slice(8), jobs[0]!, jobs[1]!], options());
    expect(outcome.duplicates).toBeGreaterThan(0);
    expect(await storedCount(type)).toBe(2100);
    expect(await metricTotal('events', type)).toBe(2000);
    expect(await metricTotal('late_events', type)).toBe(100);
    const [sum] = await tdb.sql<{ s: number }[]>`
      select sum(sum) as s from metric_points where metric = 'events' and dims->>'type' = ${type}`;
    expect(sum?.s).toBe((1999 * 2000) / 2);
  });

  it('puts each event in the second of its own timestamp', async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 10_000;
    await processBatch(
      tdb.sql,
      [
        job([
          { id: 'b1', type: 'bucket', ts: t0 + 999 },
          { id: 'b2', type: 'bucket', ts: t0 + 1000 },
          { id: 'b3', type: 'bucket', ts: t0 + 1001 },
        ]),
      ],
      options(),
    );
    const rows = await tdb.sql<{ b: string; n: string }[]>`
      select (extract(epoch from bucket) * 1000)::int8::text as b, count::text as n
      from metric_points where dims->>'type' = 'bucket' order by bucket`;
    expect(rows.map((r) => [Number(r.b) - t0, Number(r.n)])).toEqual([
      [0, 1],
      [1000, 2],
    ]);
  });

  it('stays exact when concurrent flushes carry overlapping events', async () => {
    const type = 'concurrent';
    const events: CleanEvent[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `c${i}`,
      type,
      ts: Date.now(),
    }));
    const slices = Array.from({ length: 8 }, (_, w) => events.filter((_, i) => (i + w) % 3 !== 0));
    const fallbacks = keyClaimFallbackCount();
    const outcomes = await Promise.all(slices.map((s) => processBatch(tdb.sql, [job(s)], options())));
    // Overlapping claims in flight at once: the COPY of keys fails and the ON CONFLICT fallback runs.
    expect(keyClaimFallbackCount()).toBeGreaterThan(fallbacks);
    expect(outcomes.reduce((a, o) => a + o.stored, 0)).toBe(3000);
    expect(await storedCount(type)).toBe(3000);
    expect(await metricTotal('events', type)).toBe(3000);
  });

  // Eight flushes of one process at once, each with 2,000 of the same 3,000 events: a flush holds back the
  // events whose keys an earlier one is claiming; they are duplicates once it commits (claimed again without
  // a look-up, they would collide).
  it('holds back the events a concurrent flush is claiming: no fallback, exact counts', async () => {
    const type = 'beside';
    const events: CleanEvent[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `${type}-${i}`,
      type,
      ts: Date.now(),
    }));
    const slices = Array.from({ length: 8 }, (_, w) => events.filter((_, i) => (i + w) % 3 !== 0));
    const keys = new KeyMemory();
    const fallbacks = keyClaimFallbackCount();
    const outcomes = await Promise.all(
      slices.map((s) => processBatch(tdb.sql, [job(s)], { ...options(), keys })),
    );
    expect(keyClaimFallbackCount()).toBe(fallbacks);
    expect(keys.lookUpFirst).toBe(false);
    expect(outcomes.reduce((a, o) => a + o.stored, 0)).toBe(3000);
    expect(outcomes.reduce((a, o) => a + o.duplicates, 0)).toBe(8 * 2000 - 3000);
    expect(await storedCount(type)).toBe(3000);
    expect(await metricTotal('events', type)).toBe(3000);
    expect([keys.running, keys.size]).toEqual([0, 3000]);
  });

  it('tells its caller when all that is left waits for a concurrent flush, before that flush ends', async () => {
    const type = 'waiting';
    const events: CleanEvent[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `${type}-${i}`,
      type,
      ts: Date.now(),
    }));
    // Another transaction holds one of the first flush's keys uncommitted: the first flush's COPY of keys
    // waits for it, so the first flush is still running whatever the machine's speed, until it rolls back.
    let secondWaiting!: () => void;
    const waiting = new Promise<void>((resolve) => (secondWaiting = resolve));
    let blockerHolds!: () => void;
    const holding = new Promise<void>((resolve) => (blockerHolds = resolve));
    const rolledBack = new Error('rolled back by the test');
    const blocker = tdb.sql
      .begin(async (tx) => {
        await tx`insert into event_keys (key) values (${`i:shop:${events[0]!.id}`})`;
        blockerHolds();
        await waiting;
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    await holding;
    const keys = new KeyMemory();
    let firstSettled = false;
    const waits: string[] = [];
    const first = processBatch(tdb.sql, [job(events)], {
      ...options(),
      keys,
      onWaiting: () => waits.push('first'),
    }).finally(() => (firstSettled = true));
    // Half its events are the first flush's (held), half are new.
    const second = processBatch(
      tdb.sql,
      [job([...events.slice(1000), ...events.slice(0, 10).map((e) => ({ ...e, id: `${e.id}-new` }))])],
      {
        ...options(),
        keys,
        onWaiting: () => {
          waits.push(firstSettled ? 'second, too late' : 'second');
          secondWaiting();
        },
      },
    );
    // Without the call, the second flush waits for the first, which waits for the blocker: let it go then.
    const timer = setTimeout(secondWaiting, 10_000);
    const [a, b] = await Promise.all([first, second]);
    clearTimeout(timer);
    await blocker;
    expect(waits).toEqual(['second']);
    expect([a.stored, b.stored, b.duplicates]).toEqual([2000, 10, 1000]);
    expect(await metricTotal('events', type)).toBe(2010);
  });

  it('answers re-sends of keys it committed from memory and claims new keys without a look-up', async () => {
    const statements: string[] = [];
    const sql = postgres(tdb.url, {
      max: 2,
      onnotice: () => {},
      debug: (_c, query) => statements.push(query),
    });
    try {
      const type = 'recent';
      const events: CleanEvent[] = Array.from({ length: 400 }, (_, i) => ({
        id: `r${i}`,
        type,
        ts: Date.now(),
      }));
      const keys = new KeyMemory();
      const fallbacks = keyClaimFallbackCount();
      const first = await processBatch(sql, [job(events.slice(0, 300))], { ...options(), keys });
      // The second flush re-sends 100 of the first's events beside 100 new ones.
      const second = await processBatch(sql, [job(events.slice(200))], { ...options(), keys });
      expect([first.stored, second.stored, second.duplicates]).toEqual([300, 100, 100]);
      expect(keys.hits).toBe(100);
      expect(keyClaimFallbackCount()).toBe(fallbacks);
      expect(statements.filter((q) => q.includes('select key from event_keys'))).toEqual([]);
      expect(await storedCount(type)).toBe(400);
      expect(await metricTotal('events', type)).toBe(400);
    } finally {
      await sql.end();
    }
  });

  it('two processes storing the same keys at the same moment store each once, without an error', async () => {
    // Each COPY of keys can meet the other's uncommitted key: it waits for that transaction, then fails
    // and its claim falls back to ON CONFLICT; every key is stored and counted once.
    const type = 'same-moment';
    const pools = [
      postgres(tdb.url, { max: 2, onnotice: () => {} }),
      postgres(tdb.url, { max: 2, onnotice: () => {} }),
    ];
    try {
      const memories = [new KeyMemory(), new KeyMemory()];
      let expected = 0;
      for (let round = 0; round < 12; round++) {
        const events: CleanEvent[] = Array.from({ length: 400 }, (_, i) => ({
          id: `r${round}-${(i * 7919) % 400}`,
          type,
          ts: Date.now(),
        }));
        expected += 400;
        const outcomes = await Promise.all(
          pools.map((pool, p) =>
            processBatch(pool as never, [job(p === 0 ? events : [...events].reverse())], {
              ...options(),
              keys: memories[p],
            }),
          ),
        );
        expect(outcomes.reduce((n, o) => n + o.stored, 0)).toBe(400);
        expect(outcomes.reduce((n, o) => n + o.duplicates, 0)).toBe(400);
      }
      expect(await storedCount(type)).toBe(expected);
      expect(await metricTotal('events', type)).toBe(expected);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('claims keys another process stored: the COPY collides and the claim falls back; a second collision turns look-ups on', async () => {
    const type = 'elsewhere';
    const events = (prefix: string): CleanEvent[] =>
      Array.from({ length: 50 }, (_, i) => ({ id: `${prefix}${i}`, type, ts: Date.now() }));
    const [a, b, c] = [events('else-a'), events('else-b'), events('else-c')];
    // Another worker process (or this one before a restart) stored the first 10 of each.
    for (const list of [a, b, c]) await processBatch(tdb.sql, [job(list.slice(0, 10))], options());
    const keys = new KeyMemory();
    const fallbacks = keyClaimFallbackCount();
    const first = await processBatch(tdb.sql, [job(a)], { ...options(), keys });
    expect([first.stored, first.duplicates]).toEqual([40, 10]);
    expect([keyClaimFallbackCount() - fallbacks, keys.lookUpFirst]).toEqual([1, false]);
    // A re-send of all 50: answered from memory (the claim committed all 50 keys).
    const again = await processBatch(tdb.sql, [job(a)], { ...options(), keys });
    expect([again.stored, again.duplicates, keys.hits]).toEqual([0, 50, 50]);
    const second = await processBatch(tdb.sql, [job(b)], { ...options(), keys });
    expect([second.stored, keyClaimFallbackCount() - fallbacks, keys.lookUpFirst]).toEqual([40, 2, true]);
    // Looked up first: no third collision.
    const third = await processBatch(tdb.sql, [job(c)], { ...options(), keys });
    expect([third.stored, third.duplicates, keyClaimFallbackCount() - fallbacks]).toEqual([40, 10, 2]);
    expect(await storedCount(type)).toBe(150);
    expect(await metricTotal('events', type)).toBe(150);
  });

  it('reports what its first transaction committed when the held-back events then fail to store', async () => {
    const type = 'partial';
    const ts = Date.now();
    const keys = new KeyMemory();
    // A concurrent flush of this process holds p1's key; this one stores p2 first, then fails on p1.
    const holder = keys.claim([{ key: 'i:shop:p1' }]);
    let begins = 0;
    const failingSecond = new Proxy(tdb.sql, {
      get(target, prop, receiver) {
        if (prop !== 'begin') return Reflect.get(target, prop, receiver) as unknown;
        return (...args: unknown[]) => {
          if (++begins === 2) return Promise.reject(new Error('connection lost'));
          return (target.begin as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
    const partial: BatchOutcome[] = [];
    const flush = processBatch(
      failingSecond,
      [
        job([
          { id: 'p1', type, ts },
          { id: 'p2', type, ts },
        ]),
      ],
      { ...options(), keys, onPartial: (o) => partial.push(o) },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    holder.settle(false);
    await expect(flush).rejects.toThrow('connection lost');
    expect(partial.map((o) => [o.stored, o.points.filter((p) => p.metric === 'events').length])).toEqual([
      [1, 1],
    ]);
    expect(await storedCount(type)).toBe(1);
  });

  it('claims keys with quotes, backslashes and control characters once', async () => {
    const ids = ['q"1', 'b\\2', 'n\n3', 'c\u00014', 'plain5', '{x,y}', 'NULL'];
    expect(textArrayLiteral(ids)).toBeNull(); // control characters: sent as an array parameter instead
    expect(textArrayLiteral(['q"1', 'b\\2', '{x,y}', 'NULL'])).toBe('{"q\\"1","b\\\\2","{x,y}","NULL"}');
    const ts = Date.now();
    for (const pick of [ids, ids.slice(0, 2), ids.filter((id) => !id.includes('\n')), ids]) {
      await processBatch(tdb.sql, [job(pick.map((id) => ({ id, type: 'quoted', ts })))], options());
    }
    const rows = await tdb.sql<{ id: string }[]>`select id from events where type = 'quoted' order by id`;
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(await metricTotal('events', 'quoted')).toBe(ids.length);
  });

  it('counts one business fact once when two sources report it with the same dedupKey', async () => {
    const ts = Date.now();
    await processBatch(
      tdb.sql,
      [
        job([{ id: 'web-1', type: 'order', ts, dedupKey: 'order-77' }], { source: 'web' }),
        job([{ id: 'pay-9', type: 'order', ts, dedupKey: 'order-77' }], { source: 'payments' }),
        job([{ id: 'web-1', type: 'order', ts }], { source: 'payments' }),
      ],
      options(),
    );
    expect(await storedCount('order')).toBe(2);
    expect(await metricTotal('events', 'order')).toBe(2);
  });

  it('lets a backfill key write history into its buckets instead of flagging it late', async () => {
    const old = Date.parse('2014-07-01T10:00:00.250Z');
    await processBatch(
      tdb.sql,
      [job([{ id: 'h1', type: 'history', ts: old }], { backfill: true })],
      options(),
    );
    const rows = await tdb.sql<{ b: string; late: boolean }[]>`
      select to_char(p.bucket at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as b, e.late from metric_points p join events e on e.type = p.dims->>'type'
      where p.metric = 'events' and p.dims->>'type' = 'history'`;
    expect(rows).toEqual([{ b: '2014-07-01 10:00:00.000', late: false }]);
  });

  it('returns the whole bucket state after each upsert, for the live frames', async () => {
    const ts = Date.now();
    const first = await processBatch(tdb.sql, [job([{ id: 'f1', type: 'frame', ts, value: 2 }])], options());
    const second = await processBatch(tdb.sql, [job([{ id: 'f2', type: 'frame', ts, value: 5 }])], options());
    const pick = (o: typeof first) => o.points.find((p) => p.metric === 'events')?.state;
    expect(pick(first)).toEqual({ count: 1, sum: 2, min: 2, max: 2 });
    expect(pick(second)).toEqual({ count: 2, sum: 7, min: 2, max: 5 });
  });
});

describe('sentiment on arrival', () => {
  it('stores a score and label with every event that has text, and none without', async () => {
    const ts = Date.now();
    await processBatch(
      tdb.sql,
      [
        job([
          { id: 's1', type: 'review', ts, text: 'I love it, the driver was great!' },
          { id: 's2', type: 'review', ts, text: 'Terrible. The app crashed and nobody helped 😡' },
          { id: 's3', type: 'review', ts },
        ]),
      ],
      options(),
    );
    const rows = await tdb.sql<{ id: string; score: number | null; label: string | null }[]>`
      select id, sentiment_score as score, sentiment_label as label from events where type = 'review' order by id`;
    expect(rows.map((r) => [r.id, r.label])).toEqual([
      ['s1', 'positive'],
      ['s2', 'negative'],
      ['s3', null],
    ]);
    expect(rows[0]?.score).toBeGreaterThan(0.5);
    expect(rows[1]?.score).toBeLessThan(-0.5);
  });
});

describe('value metrics', () => {
  it('averages only the events that carry the value field', async () => {
    const ts = Date.now();
    const avg = {
      ...builtInMetrics[0]!,
      name: 'avg_amount',
      aggregation: 'avg' as const,
      eventTypes: ['pay'],
    };
    const outcome = await processBatch(
      tdb.sql,
      [
        job([
          { id: 'v1', type: 'pay', ts, value: 10 },
          { id: 'v2', type: 'pay', ts, value: 30 },
          { id: 'v3', type: 'pay', ts },
        ]),
      ],
      { latenessMs, metrics: [...builtInMetrics, avg] },
    );
    const point = outcome.points.find((p) => p.metric === 'avg_amount');
    expect(point?.state).toMatchObject({ count: 2, sum: 40 });
    const events = outcome.points.find((p) => p.metric === 'events' && p.groupKey.includes('"pay"'));
    expect(events?.state.count).toBe(3);
  });
});
