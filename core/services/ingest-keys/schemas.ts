import { z } from 'zod';

export const ingestKeyIdSchema = z.uuid({ error: 'id must be a UUID' }).toLowerCase();

/** Events per second for one key; null means the server default (PULSEBOARD_INGEST_RATE_LIMIT). */
const rateLimitSchema = z
  .number({ error: 'rateLimit must be a number of events per second' })
  .int('rateLimit must be a whole number')
  .min(1, 'rateLimit must be at least 1')
  .max(10_000_000, 'rateLimit must be at most 10,000,000')
  .nullable();

const nameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(100, 'name must be at most 100 characters');

export const createIngestKeyInputSchema = z.strictObject({
  name: nameSchema,
  source: z.string({ error: 'source is required' }).trim().min(1, 'source is required').max(100),
  rateLimit: rateLimitSchema.default(null),
  canBackfill: z.boolean({ error: 'canBackfill must be true or false' }).default(false),
});
export type CreateIngestKeyInput = z.infer<typeof createIngestKeyInputSchema>;

export const updateIngestKeyInputSchema = z
  .strictObject({
    name: nameSchema.optional(),
    rateLimit: rateLimitSchema.optional(),
    canBackfill: z.boolean({ error: 'canBackfill must be true or false' }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: 'nothing to change' });
export type UpdateIngestKeyInput = z.infer<typeof updateIngestKeyInputSchema>;

/** Sources are created with their first keys, so they live beside them. */
export const createSourceInputSchema = z.strictObject({
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, 'name is required')
    .max(100, 'name must be at most 100 characters')
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'name may use a-z, 0-9, _ . - and must start with a letter or digit'),
  description: z.string().trim().max(500, 'description must be at most 500 characters').default(''),
});
export type CreateSourceInput = z.infer<typeof createSourceInputSchema>;
