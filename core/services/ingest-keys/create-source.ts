import { sources } from '@/db/schema';
import { requireRole } from '@/core/auth/context';
import { ConflictError } from '@/core/errors';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { IngestKeysContext } from './create-ingest-key';
import type { CreateSourceInput } from './schemas';
import type { SourceView } from '@/contracts/responses/access';

/** Admins add sources (a web site, a payment system…); each ingest key belongs to one. */
export async function createSource({
  ctx,
  input,
}: {
  ctx: IngestKeysContext;
  input: CreateSourceInput;
}): Promise<SourceView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(sources).values(input).onConflictDoNothing().returning();
    if (!row) throw new ConflictError(`a source named ${input.name} exists`, 'name');
    await recordAudit(tx, actor, {
      action: 'source.create',
      targetType: 'source',
      targetId: row.name,
      changes: input,
    });
    return { name: row.name, description: row.description, createdAt: row.createdAt.toISOString() };
  });
}
