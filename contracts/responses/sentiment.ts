import { z } from 'zod';

// What the sentiment API answers: the most-negative feed and the rising negative terms.

/** One negative text as the most-negative feed shows it (the socket's `sentiment` frames carry the same). */
export const negativeTextSchema = z.object({
  /** The event's id (with `source`, it names the event). */
  id: z.string(),
  source: z.string(),
  type: z.string(),
  /** `props.topic`, or '' when the event has none. */
  topic: z.string(),
  /** Event time, ISO-8601. */
  ts: z.string(),
  score: z.number(),
  /** The text, cut at `maxFrameTextLength` (lib/sentiment/frames.ts); the event keeps all of it. */
  text: z.string(),
});
export type NegativeText = z.infer<typeof negativeTextSchema>;

export const negativeTextsSchema = z.object({ texts: z.array(negativeTextSchema) });
export type NegativeTextsResult = z.infer<typeof negativeTextsSchema>;

const period = z.object({ from: z.string(), to: z.string(), texts: z.number() });

/** A term whose share among negative texts rose from the earlier period to the recent one. */
export const risingTermSchema = z.object({
  term: z.string(),
  /** Negative texts mentioning the term in the recent period. */
  recentCount: z.number(),
  /** Share (0..1) of the recent negative texts that mention it. */
  recentShare: z.number(),
  /** Share (0..1) of the earlier period's negative texts that mention it. */
  previousShare: z.number(),
  /** recentShare − previousShare. */
  rise: z.number(),
});
export type RisingTerm = z.infer<typeof risingTermSchema>;

export const risingTermsSchema = z.object({
  /** The recent period, [from, to). */
  recent: period,
  /** The earlier period it is compared with: the day before the recent hour. */
  previous: period,
  terms: z.array(risingTermSchema),
});
export type RisingTermsResult = z.infer<typeof risingTermsSchema>;
