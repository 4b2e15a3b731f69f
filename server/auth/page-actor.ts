import { cookies } from 'next/headers';
import { runtime } from '@/server/runtime';
import type { Actor } from '@/core/auth/context';
import { actorFromSession, sessionCookieName } from '@/core/auth/sessions';

/** The signed-in person for a server component, or null (pages then redirect to /login). */
export async function pageActor(): Promise<Actor | null> {
  const token = (await cookies()).get(sessionCookieName)?.value;
  if (!token) return null;
  return actorFromSession(runtime().db, token);
}
