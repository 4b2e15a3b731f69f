// What claiming a new de-duplication key costs PostgreSQL in a table that holds a horizon of random keys:
// the primary key's B-tree `event_keys` has, against an exclusion constraint on a hash index (a layout
// tried for issue 21 and not taken: bench/README.md). Both tables get the same KEYS random keys (md5, as real ids spread), then, in
// ROUNDS rounds, each takes the same 200,000 new keys in 2,000-key statements sorted as a flush sorts
// them, after a checkpoint; one connection, so one backend whose CPU time is read from /proc.
//   npx tsx bench/key-index.ts            (KEYS=5000000 ROUNDS=2)
import postgres from 'postgres';
import { createTestDatabase } from '@/test/db';
import { cpuSeconds } from './lib';

const keys = Number(process.env.KEYS ?? 5_000_000);
const rounds = Number(process.env.ROUNDS ?? 2);
const tdb = await createTestDatabase();
const sql = postgres(tdb.url, { max: 1, onnotice: () => {} });
try {
  const [{ pid } = { pid: 0 }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  await sql`create table keys_hash (key text collate "C" not null, seen_at timestamptz not null default now(),
    constraint keys_hash_key_excl exclude using hash (key with =))`;
  const tables = ['event_keys', 'keys_hash'];
  for (const table of tables) {
    await sql`insert into ${sql(table)} (key)
      select 'i:bench:' || md5('pre-' || n) from generate_series(1, ${keys}::int8) n`;
  }
  await sql`vacuum analyze`;
  const sizes = await sql<{ name: string; size: string }[]>`
    select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as size from pg_class c
    where c.relname in ('event_keys_pkey', 'keys_hash_key_excl') order by 1`;
  console.log(
    `${keys.toLocaleString('en')} random keys; ${sizes.map((s) => `${s.name} ${s.size}`).join(', ')}`,
  );
  for (let round = 0; round < rounds; round++) {
    for (const table of tables) {
      await sql`checkpoint`;
      const cpu0 = cpuSeconds(pid) ?? 0;
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) {
        await sql`insert into ${sql(table)} (key)
          select 'i:bench:' || md5(${`new-${round}-`} || (${i * 2000} + n)) from generate_series(1, 2000) n
          order by 1`;
      }
      const wall = (performance.now() - t0) / 1000;
      const cpu = (cpuSeconds(pid) ?? 0) - cpu0;
      const index = table === 'event_keys' ? 'B-tree primary key (event_keys)' : 'hash exclusion';
      console.log(
        `round ${round + 1} ${index.padEnd(28)} 200,000 new keys  wall ${wall.toFixed(2)} s  ` +
          `backend CPU ${((cpu / 200_000) * 1e6).toFixed(1)} µs a key`,
      );
    }
  }
} finally {
  await sql.end();
  await tdb.drop();
}
