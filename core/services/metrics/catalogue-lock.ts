import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/tx';

/**
 * Serializes changes of the metric catalogue with saves of what is checked against it (rules, surge rules,
 * ratios), each in its own transaction: none is saved on a metric that a concurrent change removes or reshapes.
 */
export async function lockCatalogue(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('pulseboard.catalogue', 0))`);
}
