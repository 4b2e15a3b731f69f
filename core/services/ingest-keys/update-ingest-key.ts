import { eq } from 'drizzle-orm';
import { ingestKeys } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { ConflictError, NotFoundError } from '@/core/errors';
import { toIngestKeyView } from '@/core/queries/ingest-keys/list-ingest-keys';
import { recordAudit } from '@/core/services/audit/record-audit';
import { changedFields } from '@/core/services/unchanged';
import type { IngestKeysContext } from './create-ingest-key';
import type { UpdateIngestKeyInput } from './schemas';
import type { IngestKeyView } from '@/contracts/responses/access';

/**
 * Admins rename a key, set its rate limit (events per second; null for the server default) or backfill
 * right. The ingest path caches keys for 5 s, so a change applies within that time.
 */
export async function updateIngestKey({
  ctx,
  id,
  input,
}: {
  ctx: IngestKeysContext;
  id: string;
  input: UpdateIngestKeyInput;
}): Promise<IngestKeyView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(ingestKeys).where(eq(ingestKeys.id, id)).for('update');
    if (!current) throw new NotFoundError(`no ingest key with id ${id}`);
    if (current.revokedAt) throw new ConflictError('this ingest key is revoked');
    const changes = Object.fromEntries(
      Object.entries(changedFields(current, input)).map(([k, to]) => [
        k,
        { from: current[k as keyof typeof input], to },
      ]),
    );
    if (Object.keys(changes).length === 0) return toIngestKeyView(current);
    const [row] = await tx.update(ingestKeys).set(input).where(eq(ingestKeys.id, id)).returning();
    if (!row) throw new NotFoundError(`no ingest key with id ${id}`);
    await recordAudit(tx, actor, {
      action: 'ingest_key.update',
      targetType: 'ingest_key',
      targetId: id,
      changes: { masked: `${current.prefix}…`, ...changes },
    });
    return toIngestKeyView(row);
  });
}
