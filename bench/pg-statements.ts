// Where PostgreSQL's CPU goes, by connection and statement, while something else runs (a bench, a load):
// every 200 ms it reads each server process's CPU (Linux /proc) and what pg_stat_activity says it runs,
// and gives the CPU used since the last sample to that process's application name and current statement.
// Sampled, so a statement is credited with the time up to the sample that first sees it; whole seconds
// per statement, not exact splits. The server must run on this machine.
//   SAMPLE_SECONDS=120 npx tsx bench/pg-statements.ts   (BENCH_PG: the server without the database, as
//   for bench/run.ts, default the local one; Ctrl-C stops it early)
import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { cpuSeconds } from './lib';

const seconds = Number(process.env.SAMPLE_SECONDS ?? 120);
const sql = postgres(`${process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'}/postgres`, {
  max: 1,
  connection: { application_name: 'pg-statements' },
});

const serverPids = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('postgres');
      } catch {
        return false;
      }
    })
    .map(Number);

const add = (totals: Map<string, number>, key: string, value: number) =>
  totals.set(key, (totals.get(key) ?? 0) + value);

const last = new Map<number, number>();
const byConnection = new Map<string, number>();
const byStatement = new Map<string, number>();
const end = Date.now() + seconds * 1000;
let stopped = false;
// Ctrl-C (or SIGTERM) ends the sampling early and still prints what was seen.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stopped = true));
while (Date.now() < end && !stopped) {
  const rows = await sql<{ pid: number; app: string; kind: string; state: string | null; query: string }[]>`
    select pid, application_name as app, backend_type as kind, state,
      left(regexp_replace(query, '\\s+', ' ', 'g'), 100) as query
    from pg_stat_activity`;
  const activity = new Map(rows.map((r) => [r.pid, r]));
  for (const pid of serverPids()) {
    const cpu = cpuSeconds(pid);
    if (cpu === null) continue;
    const before = last.get(pid);
    last.set(pid, cpu);
    if (before === undefined || cpu <= before) continue;
    const a = activity.get(pid);
    add(byConnection, a ? a.app || a.kind : '(gone)', cpu - before);
    if (a?.app) add(byStatement, `${a.app} | ${a.state ?? ''} | ${a.query.trim()}`, cpu - before);
  }
  await new Promise((r) => setTimeout(r, 200));
}
const print = (totals: Map<string, number>, top: number) => {
  for (const [key, cpu] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${cpu.toFixed(2).padStart(8)} s  ${key}`);
  }
};
console.log('PostgreSQL CPU by connection (application name, or the background process):');
print(byConnection, 20);
console.log('\nby connection | state | statement:');
print(byStatement, 30);
await sql.end();
