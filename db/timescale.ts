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
