import { z } from 'zod';
import { errorSchema } from '@/contracts/responses/common';
import { negativeTextsSchema, risingTermsSchema } from '@/contracts/responses/sentiment';
import { negativeTextsQuerySchema, risingTermsQuerySchema } from '@/core/queries/sentiment/schemas';

/** The sentiment part of /api/v1/openapi.json: the most-negative feed and the rising negative terms. */

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
    responses: { 200: negativeTextsSchema, 400: errorSchema, ...denied },
  },
  {
    method: 'get',
    path: '/api/v1/sentiment/terms',
    summary: 'Terms rising most in negative texts: the last hour against the 24 hours before',
    auth: 'session',
    query: risingTermsQuerySchema,
    responses: { 200: risingTermsSchema, 400: errorSchema, ...denied },
  },
];
