import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { metricCatalogue } from './metric-catalogue';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe('the ingest workers’ metric catalogue', () => {
  it('sees a metric created, edited or deleted a moment after its last read (an event sent then counts)', async () => {
    const catalogue = metricCatalogue(tdb.sql);
    expect((await catalogue()).map((m) => m.name)).not.toContain('checkouts');
    await tdb.sql`insert into metrics (name, event_types, aggregation) values ('checkouts', '["checkout"]', 'count')`;
    const created = (await catalogue()).find((m) => m.name === 'checkouts');
    expect(created?.eventTypes).toEqual(['checkout']);
    // No updated_at bump: any statement on the table moves the catalogue's version.
    await tdb.sql`update metrics set event_types = '["checkout","order"]' where name = 'checkouts'`;
    expect((await catalogue()).find((m) => m.name === 'checkouts')?.eventTypes).toEqual([
      'checkout',
      'order',
    ]);
    await tdb.sql`delete from metrics where name = 'checkouts'`;
    expect((await catalogue()).map((m) => m.name)).not.toContain('checkouts');
  });

  it('answers the same definitions without re-reading them while nothing changed', async () => {
    const catalogue = metricCatalogue(tdb.sql);
    const first = await catalogue();
    expect(await catalogue()).toBe(first);
  });
});
