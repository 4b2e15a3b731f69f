import { randomBytes } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import { ingestKeys, metrics, sources, users } from '@/db/schema';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { hashPassword, sha256, verifyPassword } from './auth/hashing';
import { logger } from './logger';
import type { Runtime } from './runtime';

/**
 * Makes the database match the environment at start: built-in metrics, the `default` source, the admin
 * from PULSEBOARD_ADMIN_EMAIL/PASSWORD (its password follows the variable) and PULSEBOARD_INGEST_KEY.
 */
export async function bootstrap(rt: Runtime): Promise<void> {
  const { db, env } = rt;
  for (const m of builtInMetrics) {
    await db
      .insert(metrics)
      .values({
        name: m.name,
        description:
          m.name === 'events' ? 'Accepted events' : 'Events that arrived after the allowed lateness',
        eventTypes: m.eventTypes,
        aggregation: m.aggregation,
        valueField: m.valueField,
        dimensions: m.dimensions,
        defaultGroupBy: m.defaultGroupBy,
        unit: 'events',
        builtIn: true,
      })
      .onConflictDoNothing();
  }
  await db
    .insert(sources)
    .values({ name: 'default', description: 'The default source' })
    .onConflictDoNothing();

  if (env.PULSEBOARD_ADMIN_EMAIL && env.PULSEBOARD_ADMIN_PASSWORD) {
    await ensureAdmin(rt, env.PULSEBOARD_ADMIN_EMAIL.toLowerCase(), env.PULSEBOARD_ADMIN_PASSWORD);
  } else {
    const [row] = await db.select({ n: count() }).from(users);
    if ((row?.n ?? 0) === 0) {
      const email = (env.PULSEBOARD_ADMIN_EMAIL ?? 'admin@pulseboard.local').toLowerCase();
      const password = randomBytes(12).toString('base64url');
      await ensureAdmin(rt, email, password);
      // Printed once: no admin existed, and the password is stored only as its argon2id hash.
      console.log(
        `\n  First admin created: ${email} / ${password}\n  (shown once; change it after logging in)\n`,
      );
    }
  }

  if (env.PULSEBOARD_INGEST_KEY) {
    await db
      .insert(ingestKeys)
      .values({
        source: 'default',
        name: 'PULSEBOARD_INGEST_KEY',
        keyHash: sha256(env.PULSEBOARD_INGEST_KEY),
        prefix: env.PULSEBOARD_INGEST_KEY.slice(0, 8),
      })
      .onConflictDoUpdate({ target: ingestKeys.keyHash, set: { revokedAt: sql`null` } });
  }
}

async function ensureAdmin(rt: Runtime, email: string, password: string): Promise<void> {
  const existing = await rt.db.select().from(users).where(eq(users.email, email)).limit(1);
  const user = existing[0];
  if (!user) {
    await rt.db
      .insert(users)
      .values({ email, name: 'Admin', role: 'admin', passwordHash: await hashPassword(password) });
    logger().info({ email }, 'admin user created');
    return;
  }
  const updates: Partial<typeof users.$inferInsert> = {};
  if (user.role !== 'admin') updates.role = 'admin';
  if (user.disabledAt) updates.disabledAt = null;
  if (!(await verifyPassword(user.passwordHash, password)))
    updates.passwordHash = await hashPassword(password);
  if (Object.keys(updates).length > 0) await rt.db.update(users).set(updates).where(eq(users.id, user.id));
}
