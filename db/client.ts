import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema';

export type Sql = postgres.Sql;
export type Db = ReturnType<typeof createDb>;

/** One postgres.js pool per process; drizzle runs on top of the same pool. */
export function createSql(url: string, options: { max?: number; appName?: string } = {}): Sql {
  // postgres.js 4 opens its sockets with TCP_NODELAY itself (src/socket.js), so the next statement after a
  // COPY or a COMMIT no longer waits for the server's delayed ACK; 3.4 needed a socket of our own for that.
  const connection: postgres.Options<Record<string, postgres.PostgresType>> = {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    // Every session in UTC, whatever the server's or database's default zone: the SQL's minute, hour and bin
    // boundaries (date_trunc in the rollups, date_bin's origin in series) are UTC's, as the API's times are.
    connection: { application_name: options.appName ?? 'pulseboard', TimeZone: 'UTC' },
  };
  return postgres(url, connection);
}

export function createDb(sql: Sql) {
  return drizzle(sql, { schema });
}
