import type { Sql } from '@/db/client';

/** Columns that change on a read (a token's last use), left out so a refused request compares equal. */
const volatileColumns = ['last_used_at'];

export type TableSnapshot = Record<string, { rows: number; md5: string }>;

/**
 * Row count and an md5 over every row (as JSON, ordered) of each application table in the public
 * schema: two equal snapshots mean no row was written, changed or removed in between.
 */
export async function snapshotTables(sql: Sql): Promise<TableSnapshot> {
  const tables = await sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '\\_\\_drizzle%'
    order by table_name`;
  if (tables.length === 0) return {};
  const drop = volatileColumns.map((c) => ` - '${c}'`).join('');
  const query = tables
    .map(
      ({ name }) =>
        `select '${name}' as name, count(*)::int as rows,
           md5(coalesce(string_agg((to_jsonb(t)${drop})::text, '|' order by (to_jsonb(t)${drop})::text), '')) as md5
         from "${name}" t`,
    )
    .join(' union all ');
  const rows = await sql.unsafe<{ name: string; rows: number; md5: string }[]>(query);
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, md5: r.md5 }]));
}

/** The tables whose rows differ between two snapshots, e.g. `incidents (3 → 4 rows)`. */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((n) => before[n]?.md5 !== after[n]?.md5 || before[n]?.rows !== after[n]?.rows)
    .map((n) => `${n} (${before[n]?.rows ?? 0} → ${after[n]?.rows ?? 0} rows)`);
}
