import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as eventsRoute from '@/app/api/v1/events/route';
import * as seriesRoute from '@/app/api/v1/metrics/[name]/series/route';
import { sha256 } from '@/core/auth/hashing';
import { webEnvSchema } from '@/server/env';
import { closeRuntime, runtime } from '@/server/runtime';
import { callAs } from '@/test/helpers/api-calls';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';

/**
 * PULSEBOARD_DATABASE_REPLICA_URL: series and event lists read from the replica, the rest from the primary.
 * The "replica" here is a second database with the same schema, holding other points and events than the
 * primary, so each answer shows which connection it came from.
 */

let primary: TestDatabase;
let replica: TestDatabase;
const token = 'pbt_replica_reader_token_0123456789';
const bearer = { kind: 'bearer' as const, token };
const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000);

async function seed(db: TestDatabase, source: string, count: number): Promise<void> {
  await db.sql`insert into events (ts, received_at, source, id, key, type)
    values (${minute.toISOString()}::timestamptz, now(), ${source}, 'e1', ${`i:${source}:e1`}, 'replica_check')`;
  await db.sql`insert into metric_points (metric, group_key, dims, bucket, count, sum)
    values ('orders', '{}', '{}', ${minute.toISOString()}::timestamptz, ${count}, ${count})`;
}

beforeAll(async () => {
  [primary, replica] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const [user] = await primary.sql<{ id: string }[]>`
    insert into users (email, name, password_hash, role) values ('v@replica', 'V', 'x', 'viewer') returning id`;
  await primary.sql`insert into api_tokens (user_id, name, token_hash, prefix)
    values (${user!.id}, 'replica', ${sha256(token)}, 'pbt_repl')`;
  // The metric exists on the primary only, as one created a moment ago that the replica has not replayed.
  await primary.sql`insert into metrics (name, event_types, aggregation, dimensions, default_group_by)
    values ('orders', '["order"]', 'count', '[]', '[]')`;
  await seed(primary, 'primary', 1);
  await seed(replica, 'replica', 7);
  Object.assign(process.env, {
    DATABASE_URL: primary.url,
    PULSEBOARD_DATABASE_REPLICA_URL: replica.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: testRedisPrefix(),
    PULSEBOARD_DEMO: 'off',
  });
}, 60_000);

afterAll(async () => {
  await closeRuntime();
  delete process.env.PULSEBOARD_DATABASE_REPLICA_URL;
  await Promise.all([primary?.drop(), replica?.drop()]);
});

describe('PULSEBOARD_DATABASE_REPLICA_URL', () => {
  it('refuses a replica URL that is not postgres://, naming the variable', () => {
    const env = {
      DATABASE_URL: 'postgres://x@h/db',
      PULSEBOARD_SECRET: 'x'.repeat(32),
      REDIS_URL: 'redis://h',
    };
    const bad = webEnvSchema.safeParse({ ...env, PULSEBOARD_DATABASE_REPLICA_URL: 'mysql://h/db' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['PULSEBOARD_DATABASE_REPLICA_URL']);
  });

  it('reads series and event lists on the replica, the metric catalogue and credentials on the primary', async () => {
    const from = new Date(minute.getTime() - 60_000).toISOString();
    const to = new Date(minute.getTime() + 60_000).toISOString();
    const series = await callAs(seriesRoute.GET, bearer, {
      path: `metrics/orders/series?from=${from}&to=${to}&step=10s`,
      params: { name: 'orders' },
    });
    expect(series.status).toBe(200);
    expect(series.body).toMatchObject({ series: [{ points: [[minute.toISOString(), 7]] }] });

    const windowed = await callAs(seriesRoute.GET, bearer, {
      path: `metrics/orders/series?from=${from}&to=${to}&step=10s&window=1m`,
      params: { name: 'orders' },
    });
    expect(windowed.status).toBe(200);
    expect(JSON.stringify(windowed.body)).toContain(',7]');

    const events = await callAs(eventsRoute.GET, bearer, { path: 'events?type=replica_check' });
    expect(events.status).toBe(200);
    expect((events.body?.events as { source: string }[]).map((e) => e.source)).toEqual(['replica']);

    // The reads went over the replica pool's own connections, named as such on the replica's server.
    const rt = runtime();
    const [named] = await rt.readSql!<{ app: string; db: string }[]>`
      select current_setting('application_name') as app, current_database() as db`;
    expect(named).toEqual({ app: 'pulseboard-web-replica', db: new URL(replica.url).pathname.slice(1) });
  });
});
