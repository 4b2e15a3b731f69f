import { NextResponse, type NextRequest } from 'next/server';

// The console layout sends a visitor without a session to /login, but a layout cannot see the address,
// so the way back would be lost. Here, before the page renders, a request that carries no session cookie
// goes to /login?next=<path and query> instead: a notification's `/incidents/<id>?ack=1` link survives
// signing in. (The name is server/auth/sessions.ts `sessionCookieName`, kept literal to stay import-free.)
const sessionCookie = 'pb_session';

export function proxy(request: NextRequest) {
  if (request.cookies.has(sessionCookie)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (pathname === '/') return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Console pages only: not the API, Next's assets, the login page itself or files with an extension.
  matcher: ['/((?!api/|_next/|socket\\.io/|login|metrics$|favicon|.*\\.[a-zA-Z0-9]+$).+)'],
};
