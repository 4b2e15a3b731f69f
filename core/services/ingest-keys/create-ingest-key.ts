import { eq } from 'drizzle-orm';
import { ingestKeys, sources } from '@/db/schema';
import type { Db } from '@/db/client';
import { requireRole, type Actor } from '@/core/auth/context';
import { generateSecret, sha256 } from '@/core/auth/hashing';
import { ValidationError } from '@/core/errors';
import { toIngestKeyView } from '@/core/queries/ingest-keys/list-ingest-keys';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { CreateIngestKeyInput } from './schemas';
import type { IngestKeyView } from '@/contracts/responses/access';

export type IngestKeysContext = { db: Db; actor: Actor | null };

/** Admins make ingest keys for a source; the key is answered once and stored as its SHA-256 hash. */
export async function createIngestKey({
  ctx,
  input,
}: {
  ctx: IngestKeysContext;
  input: CreateIngestKeyInput;
}): Promise<{ key: string; view: IngestKeyView }> {
  const actor = requireRole(ctx.actor, 'admin');
  const [source] = await ctx.db.select().from(sources).where(eq(sources.name, input.source)).limit(1);
  if (!source) throw new ValidationError(`no source named ${input.source}`, 'source');
  const key = generateSecret('pbk_');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ingestKeys)
      .values({ ...input, keyHash: sha256(key), prefix: key.slice(0, 8) })
      .returning();
    if (!row) throw new Error('insert returned no ingest key');
    await recordAudit(tx, actor, {
      action: 'ingest_key.create',
      targetType: 'ingest_key',
      targetId: row.id,
      changes: { ...input, masked: `${row.prefix}…` },
    });
    return { key, view: toIngestKeyView(row) };
  });
}
