// The two postgres.js 3.4 defects Pulseboard worked around (a patch of node_modules, a probe query after
// each COPY), checked on the real server against the installed driver: each query settles, none hangs.
import net from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/db';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await tdb.sql`create table driver_keys (key text primary key)`;
});
afterAll(async () => {
  await tdb.drop();
});

/** Settles within `ms` or answers 'hang': a test of "settles" must not wait for vitest's own timeout. */
function settled(promise: Promise<unknown>, ms = 5000): Promise<{ code?: unknown } | 'ok' | 'hang'> {
  return Promise.race([
    promise.then(
      () => 'ok' as const,
      (error: unknown) => ({ code: (error as { code?: unknown }).code }),
    ),
    new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), ms)),
  ]);
}

/** A net.Socket is what postgres.js asks for (its own sockets are); only end()'s overloads hide that from TS. */
function asSocketLike(socket: net.Socket): postgres.SocketLike {
  return socket as net.Socket & postgres.SocketLike;
}

describe('a connection closed under a pending write', () => {
  it('rejects the query in flight and those queued behind it when the backend is terminated; the pool reconnects', async () => {
    const sql = postgres(tdb.url, { max: 1, onnotice: () => {} });
    try {
      const [{ pid }] = await sql<[{ pid: number }]>`select pg_backend_pid() as pid`;
      const inFlight = settled(sql`select pg_sleep(30)`.execute());
      const queued = [settled(sql`select 1`.execute()), settled(sql`select 2`.execute())];
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tdb.sql`select pg_terminate_backend(${pid}::int)`;
      const outcomes = await Promise.all([inFlight, ...queued]);
      expect(outcomes.every((o) => o !== 'hang' && o !== 'ok')).toBe(true);
      const [{ again }] = await sql<[{ again: number }]>`select 3 as again`;
      expect(again).toBe(3);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });

  it('settles a query written just before its socket closes, without crashing, and serves the next ones', async () => {
    const url = new URL(tdb.url);
    const target = { host: url.hostname, port: Number(url.port || 5432) };
    const sockets: net.Socket[] = [];
    const connect = () =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(target);
        socket.once('error', reject);
        socket.once('connect', () => resolve(socket));
      });
    const sql = postgres(tdb.url, {
      max: 1,
      onnotice: () => {},
      socket: () => connect().then((socket) => (sockets.push(socket), asSocketLike(socket))),
    });
    try {
      await sql`select 1`;
      // Two sockets closed in one turn; libuv handles the last closed first, so the other's close sends a
      // query whose write is still buffered when the driver learns of its own (3.4.9: `select 3` hung).
      const other = await connect();
      let during: Promise<unknown> | undefined;
      other.once('close', () => {
        during = settled(sql`select 2`.execute());
      });
      sockets.at(-1)!.destroy();
      other.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(during).toBeDefined();
      expect(await during).not.toBe('hang');
      expect(await settled(sql`select 3`)).toBe('ok');
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});

describe('a refused COPY', () => {
  it('rejects when the table does not exist', async () => {
    const outcome = await settled(tdb.sql`copy no_such_table (key) from stdin`.writable());
    expect(outcome).toEqual({ code: '42P01' });
    expect(await settled(tdb.sql`select 1`)).toBe('ok');
  });

  it('rejects with the server error when the rows break a constraint after the end was sent, also in a transaction', async () => {
    await tdb.sql`insert into driver_keys values ('taken')`;
    const copy = async (sql: postgres.Sql | postgres.TransactionSql) => {
      const writable = await sql`copy driver_keys (key) from stdin`.writable();
      await pipeline(Readable.from(['fresh-1\n', 'taken\n', 'fresh-2\n']), writable);
    };
    expect(await settled(copy(tdb.sql))).toEqual({ code: '23505' });
    expect(await settled(tdb.sql.begin((tx) => copy(tx)))).toEqual({ code: '23505' });
    const [{ n }] = await tdb.sql<[{ n: number }]>`select count(*)::int as n from driver_keys`;
    expect(n).toBe(1);
  });
});
