import { and, eq, isNull } from 'drizzle-orm';
import { ingestKeys } from '@/db/schema';
import type { Db } from '@/db/client';
import { sha256 } from './hashing';

export type IngestKey = { id: string; source: string; canBackfill: boolean; rateLimit: number | null };

const cacheTtlMs = 5_000;
const cache = new Map<string, { key: IngestKey | null; until: number }>();

/**
 * Looks an ingest key up by its hash. Answers are cached for a few seconds, so the hot path costs no
 * query per request; a revoked key stops working within that time.
 */
export async function findIngestKey(db: Db, bearer: string): Promise<IngestKey | null> {
  const hash = sha256(bearer);
  const hit = cache.get(hash);
  const now = Date.now();
  if (hit && hit.until > now) return hit.key;
  const rows = await db
    .select({
      id: ingestKeys.id,
      source: ingestKeys.source,
      canBackfill: ingestKeys.canBackfill,
      rateLimit: ingestKeys.rateLimit,
    })
    .from(ingestKeys)
    .where(and(eq(ingestKeys.keyHash, hash), isNull(ingestKeys.revokedAt)))
    .limit(1);
  const key = rows[0] ?? null;
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { key, until: now + cacheTtlMs });
  return key;
}
