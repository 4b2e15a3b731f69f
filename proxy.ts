import { NextResponse, type NextRequest } from 'next/server';

// The console layout sends a visitor without a session to /login, but a layout cannot see the address,
// so the way back would be lost. Here, before the page renders, a request that carries no session cookie
// goes to /login?next=<path and query> instead: a notification's `/incidents/<id>?ack=1` link survives
// signing in. (The name is core/auth/sessions.ts `sessionCookieName`, kept literal to stay import-free.)
const sessionCookie = 'pb_session';

/**
 * The page's Content-Security-Policy, with a fresh nonce per request: Next.js reads it from the request
 * headers and puts the nonce on its own scripts, and 'strict-dynamic' lets those load the chunks, so no
 * other inline script runs. Styles keep 'unsafe-inline': React renders `style` attributes (the console's
 * layout and ECharts' tooltips), which a nonce cannot cover. React needs eval in development only.
 */
function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // Socket.IO's websocket is same-origin: 'self' covers ws: and wss: to this host.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * HSTS when the public URL is https: a browser then never tries this host over plain http for a year,
 * so a network attacker cannot strip TLS from the next visit. Read per request, from the process's own
 * environment (not next.config.ts's headers, which are fixed at build time).
 */
function withTransportSecurity(response: NextResponse): NextResponse {
  if (process.env.PULSEBOARD_PUBLIC_URL?.toLowerCase().startsWith('https://'))
    response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!request.cookies.has(sessionCookie) && pathname !== '/' && !pathname.startsWith('/login')) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${search}`);
    return withTransportSecurity(NextResponse.redirect(login));
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return withTransportSecurity(response);
}

export const config = {
  // Pages only (the console and the login page): not the API, Next's assets, the socket or files with an
  // extension. Those keep next.config.ts's policy, which has no script to allow.
  matcher: ['/((?!api/|_next/|socket\\.io/|metrics$|favicon|.*\\.[a-zA-Z0-9]+$).*)'],
};
