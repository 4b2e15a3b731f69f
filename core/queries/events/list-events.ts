import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { events } from '@/db/schema';
import type { Db } from '@/db/client';
import type { ListEventsQuery } from '@/core/services/events/schemas';
import { ValidationError } from '@/core/errors';
import { isoInstant } from '@/core/validation';
import { unstorableReason } from '@/lib/validation/storable-text';
import { newestFirstBackward } from '@/db/order';

export type StoredEvent = {
  id: string;
  type: string;
  ts: string;
  dedupKey?: string;
  user?: string;
  value?: number;
  text?: string;
  props?: Record<string, string | number | boolean>;
  source: string;
  receivedAt: string;
  late: boolean;
  sentiment: { score: number; label: 'positive' | 'neutral' | 'negative' } | null;
};
export type ListEventsResult = { events: StoredEvent[]; nextCursor: string | null };

type Cursor = [ts: string, source: string, id: string];

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f]/;
const cursorTime = isoInstant('cursor');
/** A source or event id as stored: no control characters, no lone surrogates, at most 256 characters. */
const isCursorKey = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= 256 && !controlCharacters.test(v) && unstorableReason(v) === null;

/**
 * The cursor's parts, the time normalised to the ISO text PostgreSQL reads: the client may hand-make a
 * cursor, so each part is checked as strictly as the list's own query parameters.
 */
function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 3) {
      const [ts, source, id] = value as unknown[];
      const time = cursorTime.safeParse(ts);
      if (time.success && isCursorKey(source) && isCursorKey(id))
        return [new Date(time.data).toISOString(), source, id];
    }
  } catch {
    // fall through
  }
  throw new ValidationError('cursor is not one this API returned', 'cursor');
}

/** Newest first by event time, keyset-paginated on (ts, source, id). */
export async function listEvents(db: Db, query: ListEventsQuery): Promise<ListEventsResult> {
  const filters: SQL[] = [];
  if (query.type) filters.push(eq(events.type, query.type));
  if (query.source) filters.push(eq(events.source, query.source));
  if (query.from) filters.push(gte(events.ts, new Date(query.from)));
  if (query.to) filters.push(lte(events.ts, new Date(query.to)));
  if (query.cursor) {
    const [ts, source, id] = decodeCursor(query.cursor);
    // The plain bound on ts lets the time index start at the cursor; the row comparison breaks its ties.
    filters.push(
      lte(events.ts, new Date(ts)),
      sql`(${events.ts}, ${events.source}, ${events.id}) < (${ts}::timestamptz, ${source}, ${id})`,
    );
  }
  const rows = await db
    .select()
    .from(events)
    .where(and(...filters))
    .orderBy(newestFirstBackward(events.ts), desc(events.source), desc(events.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? Buffer.from(JSON.stringify([last.ts.toISOString(), last.source, last.id])).toString('base64url')
      : null;
  return {
    events: page.map((row) => {
      const event: StoredEvent = {
        id: row.id,
        type: row.type,
        ts: row.ts.toISOString(),
        source: row.source,
        receivedAt: row.receivedAt.toISOString(),
        late: row.late,
        sentiment:
          row.sentimentScore === null || row.sentimentLabel === null
            ? null
            : {
                score: row.sentimentScore,
                label: row.sentimentLabel as 'positive' | 'neutral' | 'negative',
              },
      };
      if (row.dedupKey !== null) event.dedupKey = row.dedupKey;
      if (row.userId !== null) event.user = row.userId;
      if (row.value !== null) event.value = row.value;
      if (row.text !== null) event.text = row.text;
      if (row.props !== null) event.props = row.props;
      return event;
    }),
    nextCursor,
  };
}
