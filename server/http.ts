import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorFromSession, actorFromToken, readCookie, sessionCookieName } from './auth/sessions';
import type { Actor } from './auth/context';
import { AppError, ForbiddenError, UnavailableError, ValidationError } from './errors';
import { logger } from './logger';
import { runtime } from './runtime';

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
  const appError = error instanceof AppError ? error : asDependencyError(error);
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

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
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

/** Parses a JSON body against a schema; the 400 names the first offending field. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ValidationError('body is not valid JSON', 'body');
  }
  return parseWith(schema, body);
}

export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  return parseWith(schema, params);
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw new ValidationError(issue?.message ?? 'invalid input', field);
}
