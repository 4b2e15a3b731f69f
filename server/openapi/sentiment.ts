import { z } from 'zod';
import { errorSchema, type Same } from '@/server/openapi-components';
import type { NegativeTextsResult } from '@/core/queries/sentiment/negative-texts';
import type { RisingTermsResult } from '@/core/queries/sentiment/rising-terms';
import { negativeTextsQuerySchema, risingTermsQuerySchema } from '@/core/queries/sentiment/schemas';

/** The sentiment part of /api/v1/openapi.json: the most-negative feed and the rising negative terms. */

const textsSchema = z.object({
  texts: z.array(
    z.object({
      id: z.string(),
      source: z.string(),
      type: z.string(),
      topic: z.string(),
      ts: z.string(),
      score: z.number(),
      text: z.string(),
    }),
  ),
});
const period = z.object({ from: z.string(), to: z.string(), texts: z.number() });
const termsSchema = z.object({
  recent: period,
  previous: period,
  terms: z.array(
    z.object({
      term: z.string(),
      recentCount: z.number(),
      recentShare: z.number(),
      previousShare: z.number(),
      rise: z.number(),
    }),
  ),
});

// The documented shapes must stay the ones the handlers return: a drift is a compile error here.
const shapesMatch: [
  Same<z.infer<typeof textsSchema>, NegativeTextsResult>,
  Same<z.infer<typeof termsSchema>, RisingTermsResult>,
] = [true, true];
void shapesMatch;

type SentimentOperation = {
  method: 'get';
  path: string;
  summary: string;
  auth: 'session';
  query: z.ZodType;
  responses: Record<number, z.ZodType>;
};

const denied = { 401: errorSchema, 403: errorSchema };

export const sentimentOperations: SentimentOperation[] = [
  {
    method: 'get',
    path: '/api/v1/sentiment/texts',
    summary: 'The latest texts at or below maxScore (default -0.5), newest first',
    auth: 'session',
    query: negativeTextsQuerySchema,
    responses: { 200: textsSchema, 400: errorSchema, ...denied },
  },
  {
    method: 'get',
    path: '/api/v1/sentiment/terms',
    summary: 'Terms rising most in negative texts: the last hour against the 24 hours before',
    auth: 'session',
    query: risingTermsQuerySchema,
    responses: { 200: termsSchema, 400: errorSchema, ...denied },
  },
];
