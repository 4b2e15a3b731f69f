import postgres from 'postgres';
import { e2eDatabaseServer, e2eDatabases } from '../playwright.config';
import { Redis } from 'ioredis';

/** Drops this run's databases (one per stack) and Redis keys once the stacks have stopped. */
export default async function teardown(): Promise<void> {
  const run = process.env.PB_E2E_RUN;
  if (!run) return;
  const sql = postgres(`${e2eDatabaseServer}/postgres`, { max: 1, onnotice: () => {} });
  for (const database of e2eDatabases) {
    await sql.unsafe(`drop database if exists "${database}" with (force)`).catch(() => {});
  }
  await sql.end();
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `pbe2e-${run}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
