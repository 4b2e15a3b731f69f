import type { Role } from '@/contracts/roles';

export type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
export type RouteCallOptions<P> = { method?: string; path?: string; role?: Role; body?: unknown; params?: P };

/** Calls a real route handler as a script with a personal token of the given role would. */
export async function callRoute<P extends Record<string, string>>(
  handler: RouteHandler<P>,
  tokens: Record<Role, string>,
  options: RouteCallOptions<P> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.role) headers.authorization = `Bearer ${tokens[options.role]}`;
  const response = await handler(
    new Request(`http://127.0.0.1/api/v1/${options.path ?? ''}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
    { params: Promise.resolve(options.params ?? ({} as P)) },
  );
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

/** Waits up to 5 s for a received socket frame that matches. */
export async function waitForFrame(
  frames: readonly Record<string, unknown>[],
  predicate: (frame: Record<string, unknown>) => boolean,
  what: string,
): Promise<Record<string, unknown>> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const found = frames.find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching ${what} frame within 5 s`);
}
