import net from 'node:net';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema';

export type Sql = postgres.Sql;
export type Db = ReturnType<typeof createDb>;

/**
 * postgres.js leaves Nagle's algorithm on, so a small message after a large one (the next statement after
 * a COPY, a COMMIT) waits for the server's delayed ACK, up to 40 ms. Its sockets are opened here with
 * TCP_NODELAY instead. The socket is returned while still connecting (writes wait in its buffer): a
 * failed connect must reach postgres.js as the socket's 'error' and 'close' events, which retry or close
 * the connection. A rejected promise instead left the connection stuck "connecting" forever, and every
 * query after a PostgreSQL restart hung (test/faults).
 */
function connectNoDelay(options: { host: string[]; port: number[]; path?: string | false }): net.Socket {
  return options.path
    ? net.connect({ path: options.path })
    : net.connect({ host: options.host[0] ?? '127.0.0.1', port: options.port[0] ?? 5432, noDelay: true });
}

/** One postgres.js pool per process; drizzle runs on top of the same pool. */
export function createSql(url: string, options: { max?: number; appName?: string } = {}): Sql {
  // `socket` is a postgres.js option its type declarations leave out: a function returning a connected socket.
  const connection: postgres.Options<Record<string, postgres.PostgresType>> & {
    socket: typeof connectNoDelay;
  } = {
    socket: connectNoDelay,
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: options.appName ?? 'pulseboard' },
  };
  return postgres(url, connection);
}

export function createDb(sql: Sql) {
  return drizzle(sql, { schema });
}
