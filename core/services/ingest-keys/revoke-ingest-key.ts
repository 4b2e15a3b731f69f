import { eq } from 'drizzle-orm';
import { ingestKeys } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { IngestKeysContext } from './create-ingest-key';

/**
 * Revokes an ingest key for good (the row stays, for the record). The ingest path caches key lookups
 * for 5 s (core/auth/ingest-keys.ts), so producers using it get 401 within that time.
 */
export async function revokeIngestKey({ ctx, id }: { ctx: IngestKeysContext; id: string }): Promise<void> {
  const actor = requireRole(ctx.actor, 'admin');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(ingestKeys).where(eq(ingestKeys.id, id)).for('update');
    if (!row) throw new NotFoundError(`no ingest key with id ${id}`);
    if (row.revokedAt) return;
    await tx.update(ingestKeys).set({ revokedAt: new Date() }).where(eq(ingestKeys.id, id));
    await recordAudit(tx, actor, {
      action: 'ingest_key.revoke',
      targetType: 'ingest_key',
      targetId: id,
      changes: { name: row.name, source: row.source, masked: `${row.prefix}…` },
    });
  });
}
