import { z } from 'zod';

const optionalName = (name: string) =>
  z
    .string()
    .trim()
    .max(200, `${name} is at most 200 characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** Filters shared by the sentiment read endpoints: one source, event type or topic (`props.topic`). */
const filters = {
  source: optionalName('source'),
  type: optionalName('type'),
  topic: optionalName('topic'),
};

/** `GET /api/v1/sentiment/texts`: the latest texts at or below `maxScore`, newest first. */
export const negativeTextsQuerySchema = z.strictObject({
  ...filters,
  /** @defaultValue -0.5 (strongly negative) */
  maxScore: z.coerce
    .number({ error: 'maxScore must be a number' })
    .min(-1, 'maxScore is at least -1')
    .max(-0.05, 'maxScore is at most -0.05 (negative texts only)')
    .default(-0.5),
  /** @defaultValue 24 hours */
  hours: z.coerce
    .number({ error: 'hours must be a number' })
    .min(0.1, 'hours is at least 0.1')
    .max(168, 'hours is at most 168')
    .default(24),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit is at least 1')
    .max(200, 'limit is at most 200')
    .default(50),
});
export type NegativeTextsQuery = z.infer<typeof negativeTextsQuerySchema>;

/** `GET /api/v1/sentiment/terms`: terms rising in negative texts, last hour against the day before. */
export const risingTermsQuerySchema = z.strictObject({
  ...filters,
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit is at least 1')
    .max(50, 'limit is at most 50')
    .default(10),
});
export type RisingTermsQuery = z.infer<typeof risingTermsQuerySchema>;
