import * as sessionRoute from '@/app/api/v1/session/route';
import type { Role } from '@/contracts/roles';

/** How a test request authenticates: nobody, a session cookie (with the app's Origin), or a bearer. */
export type Credential =
  | { kind: 'anonymous' }
  | { kind: 'cookie'; token: string; origin?: string | null }
  | { kind: 'bearer'; token: string };

/** Any route handler export; `never` params accept every handler's own params type. */
export type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

/** The origin test requests are made to; a cookie request carries it as `Origin` unless told otherwise. */
export const testOrigin = 'http://127.0.0.1';

/** Calls a real route handler with the given credential, as a browser or a script would. */
export async function callAs(
  handler: Handler,
  credential: Credential,
  options: { method?: string; path?: string; body?: unknown; params?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> | null; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (credential.kind === 'bearer') headers.authorization = `Bearer ${credential.token}`;
  if (credential.kind === 'cookie') {
    headers.cookie = `pb_session=${credential.token}`;
    const origin = credential.origin === undefined ? testOrigin : credential.origin;
    if (origin !== null) headers.origin = origin;
  }
  const response = await handler(
    new Request(`${testOrigin}/api/v1/${options.path ?? ''}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
    { params: Promise.resolve(options.params ?? {}) as Promise<never> },
  );
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    headers: response.headers,
  };
}

export const allRoles: readonly Role[] = ['viewer', 'operator', 'admin'];

/** Logs in through the real session route and answers the session cookie's value. */
export async function logInCookie(email: string, password: string): Promise<string> {
  const response = await sessionRoute.POST(
    new Request(`${testOrigin}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }),
    undefined,
  );
  if (response.status !== 200)
    throw new Error(`log in as ${email}: ${response.status} ${await response.text()}`);
  return /pb_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';
}
