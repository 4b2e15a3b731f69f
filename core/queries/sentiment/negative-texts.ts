import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { events } from '@/db/schema';
import type { Db } from '@/db/client';
import { maxFrameTextLength } from '@/lib/sentiment/frames';
import type { NegativeTextsQuery } from './schemas';
import type { NegativeTextsResult } from '@/contracts/responses/sentiment';
import { newestFirstBackward } from '@/db/order';

/** Conditions on the filters every sentiment read shares (source, type, `props.topic`). */
export function sentimentFilters(query: { source?: string; type?: string; topic?: string }): SQL[] {
  const filters: SQL[] = [];
  if (query.source) filters.push(eq(events.source, query.source));
  if (query.type) filters.push(eq(events.type, query.type));
  if (query.topic) filters.push(sql`${events.props}->>'topic' = ${query.topic}`);
  return filters;
}

/** The latest strongly negative texts (the feed's back-fill; live ones arrive as `sentiment` frames). */
export async function listNegativeTexts(
  db: Db,
  query: NegativeTextsQuery,
  now = Date.now(),
): Promise<NegativeTextsResult> {
  const rows = await db
    .select({
      id: events.id,
      source: events.source,
      type: events.type,
      topic: sql<string | null>`${events.props}->>'topic'`,
      ts: events.ts,
      score: events.sentimentScore,
      text: sql<string>`left(${events.text}, ${maxFrameTextLength})`,
    })
    .from(events)
    .where(
      and(
        gte(events.ts, new Date(now - query.hours * 3_600_000)),
        eq(events.sentimentLabel, 'negative'),
        lte(events.sentimentScore, query.maxScore),
        ...sentimentFilters(query),
      ),
    )
    .orderBy(newestFirstBackward(events.ts), desc(events.id))
    .limit(query.limit);
  return {
    texts: rows.map((r) => ({
      id: r.id,
      source: r.source,
      type: r.type,
      topic: r.topic ?? '',
      ts: r.ts.toISOString(),
      score: r.score ?? 0,
      text: r.text,
    })),
  };
}
