import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@/db/client';
import { listEventsQuerySchema } from '@/core/services/events/schemas';
import { negativeTextsQuerySchema, risingTermsQuerySchema } from '@/core/queries/sentiment/schemas';
import { listNegativeTexts } from '@/core/queries/sentiment/negative-texts';
import { listRisingTerms } from '@/core/queries/sentiment/rising-terms';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { listEvents } from './list-events';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.sql`
    insert into events (ts, received_at, source, id, key, type, text, sentiment_score, sentiment_label)
    select now() - make_interval(secs => n), now(), 'web', 'e' || n, 'i:web:e' || n, 'page_view',
      'slow and broken', -0.8, 'negative'
    from generate_series(1, 200) as n`;
  // One older event an hour back over two days: every window a read asks for (rising terms compare the last
  // hour with the 24 before it) holds rows. On TimescaleDB a window with no chunk plans as an empty Result
  // under a Sort, which proves nothing about the index (00:00-01:00 UTC, when the 24 hours before the last
  // hour lay wholly in yesterday's chunk, which then did not exist).
  await tdb.sql`
    insert into events (ts, received_at, source, id, key, type, text, sentiment_score, sentiment_label)
    select now() - make_interval(hours => n), now(), 'web', 'h' || n, 'i:web:h' || n, 'page_view',
      'slow and broken', -0.8, 'negative'
    from generate_series(1, 48) as n`;
  await tdb.sql`analyze events`;
}, 60_000);

afterAll(async () => {
  await tdb?.drop();
});

/**
 * Runs `read` on a client that records its statements, then EXPLAINs each statement on `events` with
 * sequential scans priced out: a plan that still scans the table, or sorts all of its rows, has no index
 * that serves the query's order (on millions of events, a second or more per page).
 */
async function plansOf(read: (db: Db) => Promise<unknown>): Promise<string[]> {
  const statements: { query: string; params: unknown[] }[] = [];
  const sql = postgres(tdb.url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, params) => statements.push({ query, params: params as unknown[] }),
  });
  try {
    await read(createDb(sql));
    const plans: string[] = [];
    for (const s of statements.filter((st) => /from "events"/.test(st.query))) {
      const rows = await sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        return tx.unsafe(`explain ${s.query}`, s.params as never[]);
      });
      plans.push(rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN'])).join('\n'));
    }
    return plans;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function expectIndexOrder(plans: string[]): void {
  expect(plans.length).toBeGreaterThan(0);
  for (const plan of plans) {
    expect(plan).not.toMatch(/Seq Scan/);
    // An Incremental Sort only orders the rows that share a time; a plain Sort reads every row first.
    expect(plan).not.toMatch(/(^|->\s+)Sort\b/m);
    expect(plan).toMatch(/Index Scan/);
  }
}

describe('newest-first reads of events', () => {
  it('list pages read the time indexes in order, with and without filters and cursors', async () => {
    const first = await listEvents(tdb.db, listEventsQuerySchema.parse({ limit: 5 }));
    expect(first.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(first.nextCursor).not.toBeNull();
    const second = await listEvents(
      tdb.db,
      listEventsQuerySchema.parse({ limit: 5, cursor: first.nextCursor ?? undefined }),
    );
    expect(second.events.map((e) => e.id)).toEqual(['e6', 'e7', 'e8', 'e9', 'e10']);
    for (const query of [
      { limit: 50 },
      { limit: 50, type: 'page_view' },
      { limit: 50, source: 'web' },
      { limit: 50, from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
      { limit: 5, cursor: first.nextCursor ?? undefined },
      { limit: 5, type: 'page_view', cursor: first.nextCursor ?? undefined },
    ]) {
      expectIndexOrder(await plansOf((db) => listEvents(db, listEventsQuerySchema.parse(query))));
    }
  });

  it('refuses a cursor it did not hand out, naming the field, time included', async () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['%%%', cursorOf(['yesterday', 'web', 'e1']), cursorOf([1, 'web', 'e1'])]) {
      await expect(
        listEvents(tdb.db, listEventsQuerySchema.parse({ limit: 5, cursor })),
      ).rejects.toMatchObject({ field: 'cursor' });
    }
  });

  it('the negative-text feed and rising terms read only the negative texts, newest first', async () => {
    const query = negativeTextsQuerySchema.parse({});
    const texts = await listNegativeTexts(tdb.db, query);
    expect(texts.texts[0]?.id).toBe('e1');
    const plans = [
      ...(await plansOf((db) => listNegativeTexts(db, query))),
      ...(await plansOf((db) => listRisingTerms(db, risingTermsQuerySchema.parse({})))),
    ];
    expectIndexOrder(plans);
    // Their own partial index: where negative texts are rare, the time index alone walks every event.
    for (const plan of plans) expect(plan).toMatch(/events_negative_ts_idx/);
  });
});
