import type { Sql } from './client';

/** The tables that migration 0001 turns into hypertables where TimescaleDB is available. */
export const timescaleHypertables = ['events', 'metric_points'] as const;

export type TimescaleStatus = {
  /** Installed extension version, or null on plain PostgreSQL. */
  version: string | null;
  /** `timescale` (community) or `apache`; compression and retention policies need `timescale`. */
  license: string | null;
  /** Which of {@link timescaleHypertables} are hypertables. */
  hypertables: string[];
  /** True when TimescaleDB can own compression and retention: community license, both tables hypertables. */
  active: boolean;
};

/** Whether TimescaleDB is installed and manages the events and metric_points tables. */
export async function getTimescaleStatus(sql: Sql): Promise<TimescaleStatus> {
  const [extension] = await sql<{ version: string; license: string | null }[]>`
    select extversion as version, current_setting('timescaledb.license', true) as license
    from pg_extension where extname = 'timescaledb'`;
  if (!extension) return { version: null, license: null, hypertables: [], active: false };
  // The information view exists only with the extension, hence the check above.
  const rows = await sql<{ name: string }[]>`
    select hypertable_name as name from timescaledb_information.hypertables
    where hypertable_schema = current_schema() and hypertable_name in ${sql(timescaleHypertables)}
    order by hypertable_name`;
  const hypertables = rows.map((row) => row.name);
  return {
    version: extension.version,
    license: extension.license,
    hypertables,
    active: extension.license === 'timescale' && timescaleHypertables.every((n) => hypertables.includes(n)),
  };
}

/** Thrown before any migration runs where TimescaleDB is installed but not preloaded. */
export class TimescaleNotPreloadedError extends Error {
  override name = 'TimescaleNotPreloadedError';
}

/**
 * Where the server has the timescaledb package but does not preload it, `CREATE EXTENSION timescaledb` (and
 * any read of a hypertable) ends the session with FATAL. Throws {@link TimescaleNotPreloadedError} with one
 * line naming the fix instead: keeping plain tables would stick, as migration 0001 never runs again.
 */
export async function assertTimescalePreloaded(sql: Sql): Promise<void> {
  // The loader defines timescaledb.disable_load only when preloaded (a postgresql.conf placeholder is not
  // in pg_settings); shared_preload_libraries itself is visible only to superusers and pg_read_all_settings.
  const [row] = await sql<
    { available: boolean; created: boolean; loaded: boolean; preload: string | null }[]
  >`
    select
      exists (select 1 from pg_available_extensions where name = 'timescaledb') as available,
      exists (select 1 from pg_extension where extname = 'timescaledb') as created,
      exists (select 1 from pg_settings where name = 'timescaledb.disable_load') as loaded,
      (select setting from pg_settings where name = 'shared_preload_libraries') as preload`;
  if (!row || row.loaded || !(row.available || row.created)) return;
  const current = row.preload === null ? '' : row.preload === '' ? ' (now empty)' : ` (now '${row.preload}')`;
  throw new TimescaleNotPreloadedError(
    `TimescaleDB is installed on this PostgreSQL server but not preloaded: add timescaledb to ` +
      `shared_preload_libraries${current} in postgresql.conf and restart PostgreSQL, or use a server ` +
      `without the timescaledb package to run on plain tables; no migration was applied`,
  );
}

/** Compression and retention ages in days; null removes that policy (keep forever / never compress). */
export type TimescalePolicies = {
  /** @defaultValue 30 */
  eventsRetentionDays: number | null;
  /** @defaultValue 90 */
  pointsRetentionDays: number | null;
  /** @defaultValue 7 */
  eventsCompressAfterDays: number | null;
  /** @defaultValue 2 */
  pointsCompressAfterDays: number | null;
};

export const defaultTimescalePolicies: TimescalePolicies = {
  eventsRetentionDays: 30,
  pointsRetentionDays: 90,
  eventsCompressAfterDays: 7,
  pointsCompressAfterDays: 2,
};

/**
 * (Re)sets the TimescaleDB policies idempotently. Returns false where TimescaleDB does not manage the tables
 * (plain PostgreSQL): the caller must then delete old rows itself.
 */
export async function applyTimescalePolicies(
  sql: Sql,
  policies: Partial<TimescalePolicies> = {},
): Promise<boolean> {
  const p = { ...defaultTimescalePolicies, ...policies };
  const [row] = await sql<{ applied: boolean }[]>`
    select pulseboard_apply_timescale_policies(
      ${days(p.eventsRetentionDays)}::double precision * interval '1 day',
      ${days(p.pointsRetentionDays)}::double precision * interval '1 day',
      ${days(p.eventsCompressAfterDays)}::double precision * interval '1 day',
      ${days(p.pointsCompressAfterDays)}::double precision * interval '1 day'
    ) as applied`;
  return row?.applied ?? false;
}

function days(value: number | null): number | null {
  if (value !== null && !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`policy age must be a positive number of days, got ${value}`);
  }
  return value;
}
