import type { Sql } from '@/db/client';
import { randomIds } from './ingest';

/**
 * Fills the bench database with what a running system holds before the ingest phase: `events` raw events
 * shaped like the bench's (same types, users, values, zones and plans), spread evenly over the last
 * de-duplication horizon, and one `event_keys` row per event with its `seen_at`, so the key table is a
 * full horizon of keys and its index no longer fits the caches an empty database's does. Written in SQL
 * (generate_series, a million rows a statement): the point is the state, not how it got there. With
 * `BENCH_IDS=random` the ids are md5 hex digests, spread over the key space as the load's are.
 */
export async function prefillDatabase(
  sql: Sql,
  options: { events: number; horizonHours: number },
): Promise<{ seconds: number; eventsBytes: number; keysBytes: number }> {
  const started = performance.now();
  const step = 1_000_000;
  const spanMs = options.horizonHours * 3_600_000;
  for (let from = 0; from < options.events; from += step) {
    const to = Math.min(options.events, from + step) - 1;
    await sql`
      insert into events (ts, received_at, source, id, key, type, user_id, value, props, late)
      select t, t, 'default', id, 'i:default:' || id,
        'bench_' || (array['page_view','search','cart_add','purchase','api_request','ride_request'])[n % 6 + 1],
        'u' || (n * 7919) % 20000, (n * 37) % 1000,
        jsonb_build_object(
          'zone', (array['downtown','airport','harbor','uptown','midtown','suburbs'])[n % 6 + 1],
          'plan', case when n % 3 = 0 then 'pro' else 'free' end),
        false
      from generate_series(${from}::int8, ${to}::int8) as n,
        lateral (select now() - make_interval(secs => (${options.events} - n) * ${spanMs / 1000 / options.events}::float8)) as x(t),
        lateral (select ${randomIds ? sql`md5('pre-' || n)` : sql`'pre-' || n`}) as i(id)`;
    await sql`
      insert into event_keys (key, seen_at)
      select 'i:default:' || ${randomIds ? sql`md5('pre-' || n)` : sql`'pre-' || n`},
        now() - make_interval(secs => (${options.events} - n) * ${spanMs / 1000 / options.events}::float8)
      from generate_series(${from}::int8, ${to}::int8) as n`;
  }
  await sql`vacuum analyze events`;
  await sql`vacuum analyze event_keys`;
  const [size] = await sql<{ events: string; keys: string }[]>`
    select pg_total_relation_size('events')::text as events, pg_total_relation_size('event_keys')::text as keys`;
  return {
    seconds: (performance.now() - started) / 1000,
    eventsBytes: Number(size?.events),
    keysBytes: Number(size?.keys),
  };
}
