import { asc, desc } from 'drizzle-orm';
import { ingestKeys, sources } from '@/db/schema';
import type { Db } from '@/db/client';
import type { IngestKeyView, SourceView } from '@/contracts/responses/access';

type IngestKeyRow = typeof ingestKeys.$inferSelect;

export function toIngestKeyView(row: IngestKeyRow): IngestKeyView {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    masked: `${row.prefix}…`,
    canBackfill: row.canBackfill,
    rateLimit: row.rateLimit,
    revoked: row.revokedAt !== null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Every ingest key, newest first, revoked ones included. */
export async function listIngestKeys(db: Db): Promise<IngestKeyView[]> {
  const rows = await db.select().from(ingestKeys).orderBy(desc(ingestKeys.createdAt));
  return rows.map(toIngestKeyView);
}

export async function listSources(db: Db): Promise<SourceView[]> {
  const rows = await db.select().from(sources).orderBy(asc(sources.name));
  return rows.map((r) => ({
    name: r.name,
    description: r.description,
    createdAt: r.createdAt.toISOString(),
  }));
}
