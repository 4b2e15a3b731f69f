// What expiring de-duplication keys costs PostgreSQL at steady state, where a running system deletes as
// many keys past the horizon as it claims new ones. Fills `event_keys` of a fresh database with KEYS
// random keys (md5, as real ids spread) seen over the last 25 h, then, on the same table and connection:
// the expired half-hour 24.5–25 h ago deleted as the purge did before (by key, through the primary
// key), the half-hour 24–24.5 h ago deleted as it does now (by ctid), each followed by the vacuum that
// removes their index entries, and 200,000 new keys inserted in 2,000-key statements, into that table and
// into one holding a quarter as many keys.
//   npx tsx bench/key-expiry.ts            (KEYS=5000000)
import postgres from 'postgres';
import { createTestDatabase } from '@/test/db';
import { purgeEventKeys } from '@/workers/maintenance';
import { cpuSeconds } from './lib';

const keys = Number(process.env.KEYS ?? 5_000_000);
const tdb = await createTestDatabase();
// One connection, so one backend whose CPU time is read from /proc.
const sql = postgres(tdb.url, { max: 1, onnotice: () => {} });
try {
  const [{ pid } = { pid: 0 }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  const step = 1_000_000;
  for (let from = 1; from <= keys; from += step) {
    const to = Math.min(keys, from + step - 1);
    await sql`
      insert into event_keys (key, seen_at)
      select 'i:bench:' || md5('pre-' || n), now() - make_interval(secs => (${keys} - n) * 90000.0 / ${keys})
      from generate_series(${from}::int8, ${to}::int8) n`;
  }
  await sql`vacuum analyze event_keys`;
  await sql`checkpoint`;

  const measure = async (label: string, run: () => Promise<number>) => {
    const cpu0 = cpuSeconds(pid) ?? 0;
    const t0 = performance.now();
    const n = await run();
    const wall = (performance.now() - t0) / 1000;
    const cpu = (cpuSeconds(pid) ?? 0) - cpu0;
    return { label, n, wall, cpu };
  };
  const vacuum = async () => {
    await sql`vacuum event_keys`;
    return 0;
  };
  // The purge before this change: each expired key found again through the primary key.
  const byKey = async (hours: number) => {
    let total = 0;
    for (;;) {
      const rows = await sql`
        delete from event_keys where key in (
          select key from event_keys where seen_at < now() - make_interval(mins => ${hours * 60}) limit 10000
        ) returning 1`;
      total += rows.length;
      if (rows.length < 10000) return total;
    }
  };
  /** 200,000 new random keys, 2,000 a statement, sorted as a flush sorts them; the same keys each time. */
  const insertNewKeys = async (table: string) => {
    for (let i = 0; i < 100; i++) {
      await sql`insert into ${sql(table)} (key)
        select 'i:bench:' || md5('new-' || (${i * 2000} + n)) from generate_series(1, 2000) n order by 1`;
    }
    return 200_000;
  };
  const results = [];
  results.push(await measure('delete by key (before), 24.5–25 h', () => byKey(24.5)));
  results.push(await measure('  its vacuum', vacuum));
  await sql`checkpoint`;
  results.push(await measure('delete by ctid (purgeEventKeys), 24–24.5 h', () => purgeEventKeys(sql, 24)));
  results.push(await measure('  its vacuum', vacuum));
  await sql`checkpoint`;
  results.push(
    await measure('insert 200,000 new keys, 2,000 a statement', () => insertNewKeys('event_keys')),
  );
  // The claim in the generational layout bench/README.md sketches: a key table holding a quarter of the
  // horizon's keys, built the same way.
  await sql`create table event_keys_quarter (like event_keys including all)`;
  await sql`insert into event_keys_quarter (key, seen_at)
    select 'i:bench:' || md5('q-' || n), now() from generate_series(1, ${Math.round(keys / 4)}::int8) n`;
  await sql`vacuum analyze event_keys_quarter`;
  await sql`checkpoint`;
  results.push(
    await measure('  the same into a quarter-size key table', () => insertNewKeys('event_keys_quarter')),
  );
  console.log(`event_keys: ${keys.toLocaleString('en')} random keys over 25 h (backend pid ${pid})`);
  let last = 0;
  for (const r of results) {
    const per = r.n > 0 ? r.n : last;
    if (r.n > 0) last = r.n;
    console.log(
      `${r.label.padEnd(46)} ${String(r.n || '').padStart(8)} keys  wall ${r.wall.toFixed(2)} s  ` +
        `backend CPU ${r.cpu.toFixed(2)} s = ${((r.cpu / per) * 1e6).toFixed(1)} µs a key`,
    );
  }
} finally {
  await sql.end();
  await tdb.drop();
}
