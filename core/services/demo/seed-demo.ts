import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { settings } from '@/db/schema';
import { requireRole, type Actor } from '@/core/auth/context';
import { ConflictError, ValidationError } from '@/core/errors';
import { createMetric } from '@/core/services/metrics/create-metric';
import { createMetricInputSchema } from '@/core/services/metrics/schemas';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createSurgeRule } from '@/core/services/surge-rules/create-surge-rule';
import { createSurgeRuleInputSchema } from '@/core/services/surge-rules/schemas';
import { demoItems as allDemoItems, type DemoItem } from './demo-items';

export type DemoSeedContext = { db: Db; actor: Actor | null };

export type DemoSeedResult = {
  /** Keys of the items created by this call. */
  created: string[];
  /** Items this call claimed but could not create: the catalogue no longer fits them (a metric deleted, a name taken). */
  skipped: { key: string; reason: string }[];
};

/** The settings row remembering every demo item ever seeded into this database, by key. */
export const demoSeedMarker = 'demo_seeded';
const markerValue = z.array(z.string()).catch([]);

/**
 * Seeds the demo's example metrics, rules and surge rule through the same verbs as the API (so the same
 * checks apply), marked `demo`. Each item is seeded once per database: the marker keeps its key, so what
 * a person edits or deletes afterwards stays as they left it, and two web processes starting together
 * seed nothing twice.
 */
export async function seedDemo({
  ctx,
  items = allDemoItems,
}: {
  ctx: DemoSeedContext;
  /** @defaultValue every item of demo-items.ts */
  items?: readonly DemoItem[];
}): Promise<DemoSeedResult> {
  requireRole(ctx.actor, 'admin');
  const claimed = new Set(
    await claimItems(
      ctx.db,
      items.map((i) => i.key),
    ),
  );
  const todo = items.filter((i) => claimed.has(i.key));
  const result: DemoSeedResult = { created: [], skipped: [] };
  for (const [index, item] of todo.entries()) {
    try {
      await createItem(ctx, item);
      result.created.push(item.key);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ConflictError) {
        result.skipped.push({ key: item.key, reason: error.message });
        continue;
      }
      // Anything else (the database went away) is not a verdict on the item: let a later start retry.
      await releaseItems(
        ctx.db,
        todo.slice(index).map((i) => i.key),
      );
      throw error;
    }
  }
  return result;
}

function createItem(ctx: DemoSeedContext, item: DemoItem): Promise<unknown> {
  switch (item.type) {
    case 'metric':
      return createMetric({ ctx, input: createMetricInputSchema.parse(item.input), demo: true });
    case 'rule':
      return createRule({ ctx, input: createRuleInputSchema.parse(item.input), demo: true });
    case 'surge_rule':
      return createSurgeRule({ ctx, input: createSurgeRuleInputSchema.parse(item.input), demo: true });
  }
}

/** Adds the keys not yet in the marker to it and returns them; the row lock makes a concurrent start wait. */
function claimItems(db: Db, keys: readonly string[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.insert(settings).values({ key: demoSeedMarker, value: [] }).onConflictDoNothing();
    const [row] = await tx.select().from(settings).where(eq(settings.key, demoSeedMarker)).for('update');
    const seeded = markerValue.parse(row?.value);
    const pending = keys.filter((k) => !seeded.includes(k));
    if (pending.length > 0) {
      await tx
        .update(settings)
        .set({ value: [...seeded, ...pending], updatedAt: new Date() })
        .where(eq(settings.key, demoSeedMarker));
    }
    return pending;
  });
}

function releaseItems(db: Db, keys: readonly string[]): Promise<void> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(settings).where(eq(settings.key, demoSeedMarker)).for('update');
    const seeded = markerValue.parse(row?.value).filter((k) => !keys.includes(k));
    await tx.update(settings).set({ value: seeded }).where(eq(settings.key, demoSeedMarker));
  });
}
