import { and, eq, isNull } from 'drizzle-orm';
import { ingestKeys } from '@/db/schema';
import type { Db } from '@/db/client';
import { UnavailableError } from '@/core/errors';
import { sha256 } from './hashing';

export type IngestKey = { id: string; source: string; canBackfill: boolean; rateLimit: number | null };

const cacheTtlMs = 5_000;
/** Longest wait for PostgreSQL: then a known key keeps its cached answer, an unknown one gets 503. */
const lookupTimeoutMs = { known: 1_000, unknown: 5_000 };
const cache = new Map<string, { key: IngestKey | null; until: number }>();
/** One lookup per key at a time, so an unreachable database does not collect a query per request. */
const lookups = new Map<string, Promise<IngestKey | null>>();

/**
 * Looks an ingest key up by its hash. Answers are cached for a few seconds, so the hot path costs no
 * query per request; a revoked key stops working within that time. While PostgreSQL is unreachable, a
 * key answered before keeps its last answer (ingest needs only Redis: the jobs wait there); an unknown
 * one gets 503.
 */
export async function findIngestKey(db: Db, bearer: string): Promise<IngestKey | null> {
  const hash = sha256(bearer);
  const hit = cache.get(hash);
  const now = Date.now();
  if (hit && hit.until > now) return hit.key;
  let lookup = lookups.get(hash);
  if (!lookup) {
    lookup = lookupIngestKey(db, hash, now).finally(() => lookups.delete(hash));
    lookups.set(hash, lookup);
    lookup.catch(() => {}); // each caller handles the failure itself
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), hit ? lookupTimeoutMs.known : lookupTimeoutMs.unknown);
  });
  try {
    const result = await Promise.race([lookup, timedOut]);
    if (result !== 'timeout') return result;
    if (hit) return hit.key;
    throw new UnavailableError('the database is unavailable; retry shortly', 5);
  } catch (error) {
    if (hit && !(error instanceof UnavailableError)) return hit.key;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function lookupIngestKey(db: Db, hash: string, now: number): Promise<IngestKey | null> {
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
