import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/tx';

/**
 * Serializes changes of the metric catalogue with saves of the rules checked against it, each in its own
 * transaction: no rule is saved on a metric that a concurrent change deletes or reshapes.
 */
export async function lockCatalogue(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('pulseboard.catalogue', 0))`);
}
