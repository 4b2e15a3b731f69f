import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorFromSession, actorFromToken, readCookie, sessionCookieName } from '@/core/auth/sessions';
import type { Actor } from '@/core/auth/context';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@/core/errors';
import { logger } from './logger';
import { unstorableReason } from '@/lib/validation/storable-text';
import { runtime } from './runtime';
import { parseWith } from '@/core/validation';
import { readBodyLimited } from '@/core/services/events/parse-body';

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler: maps typed errors to `{error:{code,message,field?}}` with the matching status. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

export function errorResponse(error: unknown, request?: Request): Response {
  const appError = error instanceof AppError ? error : (asDependencyError(error) ?? asInputError(error));
  if (!appError) {
    const requestId = randomUUID();
    logger().error({ err: error, requestId, url: request?.url }, 'unhandled error');
    return json({ error: { code: 'internal', message: `internal error (request ${requestId})` } }, 500);
  }
  const headers: Record<string, string> = {};
  if (appError.retryAfterSeconds !== undefined) headers['retry-after'] = String(appError.retryAfterSeconds);
  const body = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.field ? { field: appError.field } : {}),
    },
  };
  return json(body, appError.status, headers);
}

/**
 * Connection failures to Postgres or Redis become 503 with Retry-After, never 500. drizzle wraps the
 * driver's error in a DrizzleQueryError, so the `cause` chain is searched too.
 */
function asDependencyError(error: unknown, depth = 0): AppError | null {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause && depth < 5 && asDependencyError(cause, depth + 1)) {
    return new UnavailableError('a dependency is unavailable; retry shortly', 5);
  }
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const connectionCodes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECTION_DESTROYED',
    'EPIPE',
  ];
  if (
    (code &&
      (connectionCodes.includes(code) ||
        code.startsWith('57P') ||
        code.startsWith('08') ||
        code === 'CONNECT_TIMEOUT')) ||
    /Stream isn't writeable|Connection is closed|enableOfflineQueue|ECONNREFUSED/.test(message)
  ) {
    return new UnavailableError('a dependency is unavailable; retry shortly', 5);
  }
  return null;
}

/**
 * The database refusing a value the handlers let through (SQLSTATE class 22: malformed or out of range;
 * 23505: a unique key taken by a concurrent request) is the request's fault: a 4xx, never a 500.
 */
function asInputError(error: unknown, depth = 0): AppError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code))
    return new ValidationError('a value in the request is malformed or out of range');
  if (code === '23505') return new ConflictError('that already exists');
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause && depth < 5 ? asInputError(cause, depth + 1) : null;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      // A browser must never read an answer that echoes input (an XSS payload in a name) as HTML.
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

/** The actor behind a request: a personal token in `Authorization: Bearer`, else the session cookie. */
export async function requestActor(request: Request): Promise<Actor | null> {
  const { db } = runtime();
  const auth = request.headers.get('authorization');
  if (auth?.startsWith('Bearer ')) return actorFromToken(db, auth.slice(7).trim());
  const token = readCookie(request.headers.get('cookie'), sessionCookieName);
  if (!token) return null;
  const actor = await actorFromSession(db, token);
  if (actor && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) checkOrigin(request, true);
  return actor;
}

/**
 * State-changing requests made with a cookie must come from the app's own origin. Browsers always send
 * `Origin` on POST/PATCH/DELETE, so a cookie-authenticated mutation without one is refused too
 * (`required`); login and logout carry no ambient authority yet and accept scripts that send none.
 */
export function checkOrigin(request: Request, required = false): void {
  const origin = request.headers.get('origin');
  if (!origin) {
    if (required) throw new ForbiddenError('a state-changing request with a session cookie needs Origin');
    return;
  }
  if (origin !== appOrigin(request)) throw new ForbiddenError('cross-origin request refused');
}

export function appOrigin(request: Request): string {
  const configured = runtime().env.PULSEBOARD_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const host =
    request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
  return `${proto}://${host}`;
}

/**
 * Limits on a JSON request body of the REST API (ingest has its own, core/services/events/schemas.ts).
 * `maxDepth` keeps a crafted body from overflowing the validator's recursion.
 */
export const jsonBodyLimits = { maxBytes: 1024 * 1024, maxDepth: 32 } as const;

const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Parses a JSON body against a schema; the 400 names the first offending field. Refused before the
 * schema sees it: another content type (415), a body over the limit (413), bytes that are not UTF-8,
 * text that is not JSON, a value that is not an object, and strings PostgreSQL cannot store (NUL, lone
 * surrogates). An issue about the whole body (such as "nothing to change") names `body`.
 */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await readJsonText(request);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError('body is not valid JSON', 'body');
  }
  // Every body of the REST API is an object; a schema's own answer to `[]` or `null` would mislead.
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ValidationError('body must be a JSON object', 'body');
  checkStorable(body);
  return parseWith(schema, body, 'body');
}

/** The text of a JSON body: 415 for another content type, 413 past the limit, 400 when not UTF-8. */
export async function readJsonText(request: Request): Promise<string> {
  const contentType = request.headers.get('content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== null && !jsonMediaType.test(mediaType))
    throw new UnsupportedMediaTypeError('send the body as application/json');
  const text = await readBodyText(request);
  if (text.length > 0 && contentType === null)
    throw new UnsupportedMediaTypeError('send the body as application/json');
  return text;
}

/** A request body as text, whatever its content type: 413 past the JSON body limit, 400 when not UTF-8. */
export function readBodyText(request: Request): Promise<string> {
  return readBodyLimited(
    request.headers.get('content-length'),
    request.body as AsyncIterable<Uint8Array> | null,
    jsonBodyLimits.maxBytes,
  );
}

/**
 * Walks a parsed body without recursion: refuses nesting beyond `maxDepth`, `__proto__` keys, and keys or
 * strings that PostgreSQL text and jsonb reject (NUL) or that would not survive UTF-8 (lone surrogates),
 * naming the path.
 */
function checkStorable(body: unknown): void {
  const stack: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const field = path.join('.') || 'body';
    if (typeof value === 'string') {
      const reason = unstorableReason(value);
      if (reason) throw new ValidationError(`${field} ${reason}`, field);
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= jsonBodyLimits.maxDepth)
        throw new ValidationError(`body is nested more than ${jsonBodyLimits.maxDepth} levels deep`, field);
      for (const [key, child] of Object.entries(value)) {
        // zod drops a `__proto__` key without a word (the rest of the body is then taken): refuse it.
        const reason = key === '__proto__' ? 'is not allowed' : unstorableReason(key);
        if (reason)
          throw new ValidationError(`the key ${JSON.stringify(key)} ${reason}`, [...path, key].join('.'));
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
}

/** Parses the query string against a schema; a value PostgreSQL cannot take is refused by name first. */
export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  for (const [name, value] of Object.entries(params)) {
    const reason = unstorableReason(value);
    if (reason) throw new ValidationError(`${name} ${reason}`, name);
  }
  return parseWith(schema, params);
}
