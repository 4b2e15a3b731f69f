import { z } from 'zod';
import { roles } from '@/contracts/roles';

// What the access API answers: users, personal tokens, ingest keys, sources, the audit log.

/** A user as the API shows it: never the password hash. */
export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  /** The zone the console shows this person times in (IANA or `UTC`); null: their browser's zone. */
  timeZone: z.string().nullable(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  /** Unexpired sessions (browsers signed in) right now. */
  activeSessions: z.number(),
});
export type UserView = z.infer<typeof userSchema>;

/** Who can take an incident: active users who may act on it (operators and admins). */
export const assignableUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
});
export type AssignableUser = z.infer<typeof assignableUserSchema>;

/** A personal API token as its owner sees it: a masked prefix, never the token or its hash. */
export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters, for recognising a token (`pbt_AbCd…`). */
  masked: z.string(),
  status: z.enum(['active', 'expired', 'revoked']),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof tokenSchema>;

/** An ingest key as the API shows it: a masked prefix, never the key or its hash. */
export const ingestKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  /** The first characters, for recognising a key (`pbk_AbCd…`). */
  masked: z.string(),
  canBackfill: z.boolean(),
  /** Events per second; null means the server default. */
  rateLimit: z.number().nullable(),
  revoked: z.boolean(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type IngestKeyView = z.infer<typeof ingestKeySchema>;

export const sourceSchema = z.object({ name: z.string(), description: z.string(), createdAt: z.string() });
export type SourceView = z.infer<typeof sourceSchema>;

/** One audit entry: who (id and e-mail at the time), when, what action on which target, and the changes. */
export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  changes: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
