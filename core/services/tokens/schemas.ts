import { z } from 'zod';
import { isoInstant } from '@/core/validation';

export const tokenIdSchema = z.uuid({ error: 'id must be a UUID' }).toLowerCase();

export const createTokenInputSchema = z.strictObject({
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, 'name is required')
    .max(100, 'name must be at most 100 characters'),
  /** ISO-8601 time after which the token stops working; absent or null: it never expires. */
  expiresAt: isoInstant('expiresAt')
    .nullable()
    .optional()
    .refine((v) => v == null || Date.parse(v) > Date.now(), { error: 'expiresAt must be in the future' }),
});
export type CreateTokenInput = z.infer<typeof createTokenInputSchema>;
