import { and, eq, gte, lt } from 'drizzle-orm';
import { events } from '@/db/schema';
import type { Db } from '@/db/client';
import { risingTerms } from '@/lib/sentiment/rising-terms';
import { sentimentFilters } from './negative-texts';
import type { RisingTermsQuery } from './schemas';
import type { RisingTermsResult } from '@/contracts/responses/sentiment';
import { newestFirstBackward } from '@/db/order';

const hourMs = 3_600_000;
/** Most texts read per period (the newest): enough for stable shares, bounded for a busy day. */
const maxTextsPerPeriod = 5_000;

/** Terms rising most in negative texts: the last hour against the 24 hours before it. */
export async function listRisingTerms(
  db: Db,
  query: RisingTermsQuery,
  now = Date.now(),
): Promise<RisingTermsResult> {
  const recentFrom = now - hourMs;
  const previousFrom = recentFrom - 24 * hourMs;
  const read = async (from: number, to: number) =>
    (
      await db
        .select({ text: events.text })
        .from(events)
        .where(
          and(
            gte(events.ts, new Date(from)),
            lt(events.ts, new Date(to)),
            eq(events.sentimentLabel, 'negative'),
            ...sentimentFilters(query),
          ),
        )
        .orderBy(newestFirstBackward(events.ts))
        .limit(maxTextsPerPeriod)
    ).map((r) => r.text ?? '');
  const [recent, previous] = await Promise.all([read(recentFrom, now), read(previousFrom, recentFrom)]);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    recent: { from: iso(recentFrom), to: iso(now), texts: recent.length },
    previous: { from: iso(previousFrom), to: iso(recentFrom), texts: previous.length },
    terms: risingTerms(recent, previous, { limit: query.limit }),
  };
}
