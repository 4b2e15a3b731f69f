import { z } from 'zod';
import { isoInstant } from '@/core/validation';

const optionalText = (name: string) =>
  z
    .string()
    .trim()
    .max(320, `${name} is too long`)
    .optional()
    .transform((v) => (v ? v : undefined));

const beforeInstant = isoInstant('before');

/**
 * `GET /api/v1/audit` filters. `actor`: an e-mail or user id; `action`: `user.update` exactly, or a
 * prefix such as `user` for every user action; `target`: a target id, a type (`user`) or `type:id`;
 * `before`: an entry id (the `nextBefore` of the previous page) or an ISO-8601 time.
 */
export const auditQuerySchema = z.strictObject({
  actor: optionalText('actor'),
  action: optionalText('action'),
  target: optionalText('target'),
  before: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^\d{1,18}$/.test(v) || beforeInstant.safeParse(v).success, {
      error: 'before must be an entry id or an ISO-8601 date-time in years 0001 to 9999',
    }),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(500, 'limit must be at most 500')
    .default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
