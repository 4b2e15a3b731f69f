/**
 * The live `sentiment` frames: the negative texts a worker stored in one flush, published on Redis and
 * relayed by the web processes to the sockets that subscribed with `{sentiment: true}`.
 */

import type { NegativeText } from '@/contracts/responses/sentiment';

/** `sentiment` frame: `{ts, texts}`, the texts most negative first. */
export type SentimentFrame = { ts: string; texts: NegativeText[] };

/** At most this many texts per flush go out, the most negative first: a burst must not flood the sockets. */
export const maxFrameTexts = 50;
export const maxFrameTextLength = 500;

/** Redis channel of the frames, under the deployment's prefix. */
export function sentimentChannel(prefix: string): string {
  return `${prefix}:sentiment`;
}

type ScoredRow = {
  event: {
    id: string;
    type: string;
    ts: number;
    text?: string;
    props?: Record<string, string | number | boolean>;
  };
  source: string;
  sentiment: { score: number; label: string } | null;
};

/** The negative texts among stored rows, most negative first, at most {@link maxFrameTexts}. */
export function negativeTextsOf(rows: readonly ScoredRow[]): NegativeText[] {
  const negative = rows.filter((row) => row.sentiment?.label === 'negative' && row.event.text !== undefined);
  negative.sort((a, b) => (a.sentiment?.score ?? 0) - (b.sentiment?.score ?? 0));
  return negative.slice(0, maxFrameTexts).map(({ event, source, sentiment }) => {
    const topic = event.props?.topic;
    return {
      id: event.id,
      source,
      type: event.type,
      topic: topic === undefined ? '' : String(topic),
      ts: new Date(event.ts).toISOString(),
      score: sentiment?.score ?? 0,
      text: (event.text ?? '').slice(0, maxFrameTextLength),
    };
  });
}

function isNegativeText(value: unknown): value is NegativeText {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t.id === 'string' &&
    typeof t.source === 'string' &&
    typeof t.type === 'string' &&
    typeof t.topic === 'string' &&
    typeof t.ts === 'string' &&
    typeof t.score === 'number' &&
    typeof t.text === 'string'
  );
}

/** Checks a frame on receipt (web relay and browser); anything malformed gives null. */
export function parseSentimentFrame(raw: unknown): SentimentFrame | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const frame = raw as Record<string, unknown>;
  if (typeof frame.ts !== 'string' || !Array.isArray(frame.texts)) return null;
  if (!frame.texts.every(isNegativeText)) return null;
  return { ts: frame.ts, texts: frame.texts };
}
