import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema';

export type Sql = postgres.Sql;
export type Db = ReturnType<typeof createDb>;

/** One postgres.js pool per process; drizzle runs on top of the same pool. */
export function createSql(url: string, options: { max?: number; appName?: string } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: options.appName ?? 'pulseboard' },
  });
}

export function createDb(sql: Sql) {
  return drizzle(sql, { schema });
}
