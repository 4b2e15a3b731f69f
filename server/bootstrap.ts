import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { ingestKeys, metrics, settings, sources, users } from '@/db/schema';
import { builtInMetrics } from '@/lib/metrics/definitions';
import { sentimentMetrics } from '@/lib/sentiment/metrics';
import { hashPassword, sha256, verifyPassword } from '@/core/auth/hashing';
import { seedDemo } from '@/core/services/demo/seed-demo';
import { logger } from './logger';
import type { Runtime } from './runtime';

/** What start-up needs of the runtime: the database and the environment. */
type BootstrapRuntime = Pick<Runtime, 'db' | 'env'>;

/**
 * Makes the database match the environment at start: built-in metrics, the `default` source, the admin
 * from PULSEBOARD_ADMIN_EMAIL/PASSWORD (its password follows the variable), PULSEBOARD_INGEST_KEY, and
 * with PULSEBOARD_DEMO=on the demo's example metrics and rules.
 */
export async function bootstrap(rt: BootstrapRuntime): Promise<void> {
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
  await seedStarterMetrics(rt);
  await seedSentimentMetrics(rt);

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

  if (env.PULSEBOARD_DEMO === 'on') await seedDemoAtStart(rt);
}

/**
 * Seeds the demo's examples as the admin of PULSEBOARD_ADMIN_EMAIL (else the oldest active admin), so the
 * audit log names who they were made for. A failure is logged: the demo must not stop the console.
 */
async function seedDemoAtStart(rt: BootstrapRuntime): Promise<void> {
  const email = (rt.env.PULSEBOARD_ADMIN_EMAIL ?? '').toLowerCase();
  const [admin] = await rt.db
    .select()
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(desc(sql`${users.email} = ${email}`), asc(users.createdAt))
    .limit(1);
  if (!admin) {
    logger().warn('demo examples not seeded: no active admin');
    return;
  }
  const actor = {
    userId: admin.id,
    email: admin.email,
    name: admin.name,
    role: 'admin',
    via: 'session',
  } as const;
  try {
    const { created, skipped } = await seedDemo({ ctx: { db: rt.db, actor } });
    if (created.length > 0) logger().info({ created }, 'demo examples seeded (metrics, rules, surge rule)');
    for (const { key, reason } of skipped) logger().warn({ key, reason }, 'demo example not seeded');
  } catch (error) {
    logger().error({ err: error }, 'seeding the demo examples failed; the next start tries again');
  }
}

async function ensureAdmin(rt: BootstrapRuntime, email: string, password: string): Promise<void> {
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

/** Starter metrics the overview shows; created once, so an admin who deletes one keeps it deleted. */
export const starterMetrics = [
  {
    name: 'revenue',
    description: 'Purchase amounts',
    eventTypes: ['purchase'],
    aggregation: 'sum' as const,
    valueField: 'value',
    dimensions: ['source'],
    defaultGroupBy: [],
    unit: 'USD',
  },
  {
    name: 'api_latency_p95',
    description: '95th percentile of API request latency',
    eventTypes: ['api_request'],
    aggregation: 'p95' as const,
    valueField: 'value',
    dimensions: ['endpoint'],
    defaultGroupBy: [],
    unit: 'ms',
  },
  {
    name: 'api_errors',
    description: 'Failed API requests',
    eventTypes: ['api_error'],
    aggregation: 'count' as const,
    valueField: null,
    dimensions: ['endpoint'],
    defaultGroupBy: [],
    unit: 'errors',
  },
  {
    name: 'api_requests',
    description: 'API requests',
    eventTypes: ['api_request', 'api_error'],
    aggregation: 'count' as const,
    valueField: null,
    dimensions: ['endpoint'],
    defaultGroupBy: [],
    unit: 'requests',
  },
];

async function seedStarterMetrics(rt: BootstrapRuntime): Promise<void> {
  const seeded = await rt.db
    .insert(settings)
    .values({ key: 'starter_metrics_seeded', value: true })
    .onConflictDoNothing()
    .returning();
  if (seeded.length === 0) return;
  for (const m of starterMetrics) await rt.db.insert(metrics).values(m).onConflictDoNothing();
  await rt.db
    .insert(metrics)
    .values({
      name: 'api_error_rate',
      description: 'Share of API requests that failed',
      ratioOf: { numerator: 'api_errors', denominator: 'api_requests', scale: 100 },
      unit: '%',
    })
    .onConflictDoNothing();
}

/** The sentiment metrics (lib/sentiment/metrics.ts), seeded once like the starter metrics. */
async function seedSentimentMetrics(rt: BootstrapRuntime): Promise<void> {
  const seeded = await rt.db
    .insert(settings)
    .values({ key: 'sentiment_metrics_seeded', value: true })
    .onConflictDoNothing()
    .returning();
  if (seeded.length === 0) return;
  for (const m of sentimentMetrics) await rt.db.insert(metrics).values(m).onConflictDoNothing();
}
