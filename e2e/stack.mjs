#!/usr/bin/env node
// One e2e stack (Playwright's webServer command, and the demo and performance specs' own stacks):
// `scripts/start.mjs` with the given options and, once it has stopped, its database and Redis keys dropped.
// A global teardown cannot: Playwright runs it before it stops the web servers, cutting them off mid-run.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import postgres from 'postgres';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = new URL(process.env.DATABASE_URL ?? '');
const database = decodeURIComponent(databaseUrl.pathname.slice(1));
const prefix = process.env.PULSEBOARD_REDIS_PREFIX ?? '';
// Only what an e2e run made (playwright.config.ts names them): never a database or prefix of anyone else.
if (!database.startsWith('pb_e2e_') || !prefix.startsWith('pbe2e-')) {
  console.error(`e2e/stack.mjs: refusing to run on database "${database}" and prefix "${prefix}"`);
  process.exit(2);
}

// The launcher in a process group of its own gets one signal, this one's (Playwright signals the group,
// and a second signal makes the launcher kill without its grace period); if this process is killed, the
// launcher sees its parent gone and stops itself (parent-watch.mjs).
const watch = pathToFileURL(path.join(root, 'scripts/launcher/parent-watch.mjs')).href;
const child = spawn(
  process.execPath,
  ['--import', watch, path.join(root, 'scripts/start.mjs'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', detached: true },
);
let forwarded = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!forwarded) child.kill(signal);
    forwarded = true;
  });
}

const code = await new Promise((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 1)));
await dropAll().catch((error) => console.error(`e2e/stack.mjs: cleanup failed: ${error}`));
process.exit(code);

async function dropAll() {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${database.replaceAll('"', '""')}" with (force)`);
  } finally {
    await sql.end();
  }
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
