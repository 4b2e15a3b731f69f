import { z } from 'zod';
import { roles } from '@/contracts/roles';
import { isKnownTimeZone } from '@/lib/time/format';

/** Passwords: long enough to resist guessing, short enough that argon2 input stays bounded. */
export const passwordSchema = z
  .string({ error: 'password is required' })
  .min(12, 'password must be at least 12 characters')
  .max(256, 'password must be at most 256 characters');

/**
 * A user id, lower-cased: PostgreSQL matches a uuid in any case but answers it in lower case, and the id
 * is compared with the signed-in user's and sent in revocation NOTIFYs as a string.
 */
export const userIdSchema = z.uuid({ error: 'id must be a UUID' }).toLowerCase();

export const createUserInputSchema = z.strictObject({
  email: z
    .string({ error: 'email is required' })
    .trim()
    .toLowerCase()
    .max(320, 'email is too long')
    .pipe(z.email({ pattern: z.regexes.html5Email, error: 'email must be an e-mail address' })),
  name: z.string().trim().max(200, 'name must be at most 200 characters').default(''),
  role: z.enum(roles, { error: 'role must be viewer, operator or admin' }).default('viewer'),
  /** Absent: the server generates one and answers it once. */
  password: passwordSchema.optional(),
});
export type CreateUserInput = z.infer<typeof createUserInputSchema>;

export const updateUserInputSchema = z
  .strictObject({
    name: z.string().trim().max(200, 'name must be at most 200 characters').optional(),
    role: z.enum(roles, { error: 'role must be viewer, operator or admin' }).optional(),
    /** true disables the account and revokes its sessions and personal tokens at once. */
    disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: 'nothing to change' });
export type UpdateUserInput = z.infer<typeof updateUserInputSchema>;

export const resetPasswordInputSchema = z.strictObject({
  /** Absent: the server generates one and answers it once. */
  password: passwordSchema.optional(),
});
export type ResetPasswordInput = z.infer<typeof resetPasswordInputSchema>;

export const changeOwnPasswordInputSchema = z.strictObject({
  currentPassword: z
    .string({ error: 'currentPassword is required' })
    .min(1, 'currentPassword is required')
    .max(1024),
  newPassword: passwordSchema,
});
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordInputSchema>;

/**
 * A zone the console writes times in: an IANA name (`Europe/Berlin`) or `UTC`. Offsets (`+01:00`) and
 * abbreviations (`CET`) are refused: they do not follow daylight saving time.
 */
export const timeZoneSchema = z
  .string({ error: 'timeZone must be an IANA time zone such as Europe/Berlin, or UTC' })
  .max(64, 'timeZone must be at most 64 characters')
  .refine(
    (zone) => (zone === 'UTC' || /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(zone)) && isKnownTimeZone(zone),
    { error: 'timeZone must be an IANA time zone such as Europe/Berlin, or UTC' },
  );

export const updateOwnPreferencesInputSchema = z.strictObject({
  /** The zone the console shows times in; null follows the browser's zone. */
  timeZone: timeZoneSchema.nullable(),
});
export type UpdateOwnPreferencesInput = z.infer<typeof updateOwnPreferencesInputSchema>;
