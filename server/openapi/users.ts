import { z } from 'zod';
import { errorSchema } from '@/contracts/responses/common';
import {
  assignableUserSchema,
  auditEntrySchema,
  ingestKeySchema,
  sourceSchema,
  tokenSchema,
  userSchema,
} from '@/contracts/responses/access';
import { registerComponents } from '@/server/openapi-components';
import { auditQuerySchema } from '@/core/queries/audit/schemas';
import {
  createIngestKeyInputSchema,
  createSourceInputSchema,
  updateIngestKeyInputSchema,
} from '@/core/services/ingest-keys/schemas';
import { createTokenInputSchema } from '@/core/services/tokens/schemas';
import {
  changeOwnPasswordInputSchema,
  createUserInputSchema,
  resetPasswordInputSchema,
  updateOwnPreferencesInputSchema,
  updateUserInputSchema,
} from '@/core/services/users/schemas';

/** The access part of /api/v1/openapi.json: users, personal tokens, ingest keys, sources, audit log. */

registerComponents({
  User: userSchema,
  Token: tokenSchema,
  IngestKey: ingestKeySchema,
  Source: sourceSchema,
});

type AccessOperation = {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'session';
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
};

const denied = { 401: errorSchema, 403: errorSchema };
const op = (o: Omit<AccessOperation, 'auth'>): AccessOperation => ({ ...o, auth: 'session' });
/** A secret the server made up, answered once; null when the caller chose it. */
const shownOnce = z.string().nullable();

export const accessOperations: AccessOperation[] = [
  op({
    method: 'get',
    path: '/api/v1/users',
    summary: 'Every user (admin)',
    responses: { 200: z.object({ users: z.array(userSchema) }), ...denied },
  }),
  op({
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a user (admin); without a password one is generated and answered once',
    body: createUserInputSchema,
    responses: {
      201: z.object({ user: userSchema, password: shownOnce }),
      400: errorSchema,
      ...denied,
      409: errorSchema,
    },
  }),
  op({
    method: 'get',
    path: '/api/v1/users/assignable',
    summary: 'Active operators and admins, whom an incident can be assigned to (operator)',
    responses: {
      200: z.object({ users: z.array(assignableUserSchema) }),
      ...denied,
    },
  }),
  op({
    method: 'get',
    path: '/api/v1/users/me',
    summary: 'The caller',
    responses: { 200: userSchema, 401: errorSchema },
  }),
  op({
    method: 'patch',
    path: '/api/v1/users/me',
    summary:
      "Set your own preferences: the time zone the console shows times in (IANA or UTC; null: the browser's)",
    body: updateOwnPreferencesInputSchema,
    responses: { 200: userSchema, 400: errorSchema, 401: errorSchema },
  }),
  op({
    method: 'post',
    path: '/api/v1/users/me/password',
    summary: 'Change your own password (session only); other sessions end, personal tokens are revoked',
    body: changeOwnPasswordInputSchema,
    responses: {
      200: z.object({ revokedSessions: z.number(), revokedTokens: z.number() }),
      400: errorSchema,
      ...denied,
      429: errorSchema,
    },
  }),
  op({
    method: 'get',
    path: '/api/v1/users/{id}',
    summary: 'One user (admin)',
    responses: { 200: userSchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'patch',
    path: '/api/v1/users/{id}',
    summary: 'Rename, change role, disable or enable (admin); disabling ends sessions and revokes tokens',
    body: updateUserInputSchema,
    responses: { 200: userSchema, 400: errorSchema, ...denied, 404: errorSchema, 409: errorSchema },
  }),
  op({
    method: 'post',
    path: '/api/v1/users/{id}/reset-password',
    summary:
      "Set another user's password (admin; your own is changed under Account: 409); without one it is generated and answered once; sessions end, personal tokens are revoked",
    body: resetPasswordInputSchema,
    responses: {
      200: z.object({ password: shownOnce }),
      400: errorSchema,
      ...denied,
      404: errorSchema,
      409: errorSchema,
    },
  }),
  op({
    method: 'get',
    path: '/api/v1/tokens',
    summary: 'Your personal API tokens, masked',
    responses: { 200: z.object({ tokens: z.array(tokenSchema) }), 401: errorSchema },
  }),
  op({
    method: 'post',
    path: '/api/v1/tokens',
    summary: 'Create a personal API token (session only); the token is answered once',
    body: createTokenInputSchema,
    responses: { 201: tokenSchema.extend({ token: z.string() }), 400: errorSchema, ...denied },
  }),
  op({
    method: 'delete',
    path: '/api/v1/tokens/{id}',
    summary: 'Revoke one of your tokens',
    responses: { 204: null, 401: errorSchema, 404: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/ingest-keys',
    summary: 'Ingest keys, masked (admin)',
    responses: { 200: z.object({ ingestKeys: z.array(ingestKeySchema) }), ...denied },
  }),
  op({
    method: 'post',
    path: '/api/v1/ingest-keys',
    summary: 'Create an ingest key (admin); the key is answered once',
    body: createIngestKeyInputSchema,
    responses: { 201: ingestKeySchema.extend({ key: z.string() }), 400: errorSchema, ...denied },
  }),
  op({
    method: 'patch',
    path: '/api/v1/ingest-keys/{id}',
    summary: 'Rename, set the rate limit (events/s) or backfill right (admin); applies within 5 s',
    body: updateIngestKeyInputSchema,
    responses: { 200: ingestKeySchema, 400: errorSchema, ...denied, 404: errorSchema, 409: errorSchema },
  }),
  op({
    method: 'delete',
    path: '/api/v1/ingest-keys/{id}',
    summary: 'Revoke an ingest key (admin); producers get 401 within 5 s',
    responses: { 204: null, ...denied, 404: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/sources',
    summary: 'Event sources',
    responses: { 200: z.object({ sources: z.array(sourceSchema) }), 401: errorSchema },
  }),
  op({
    method: 'post',
    path: '/api/v1/sources',
    summary: 'Add a source (admin)',
    body: createSourceInputSchema,
    responses: { 201: sourceSchema, 400: errorSchema, ...denied, 409: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/audit',
    summary: 'The audit log, newest first (admin)',
    query: auditQuerySchema,
    responses: {
      200: z.object({ entries: z.array(auditEntrySchema), nextBefore: z.string().nullable() }),
      400: errorSchema,
      ...denied,
    },
  }),
];
