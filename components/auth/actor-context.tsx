'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { hasRole, type Role } from '@/contracts/roles';

/** Who is looking at the console, as the layout resolved it on the server. */
export type ConsoleActor = { email: string; role: Role };

const ActorContext = createContext<ConsoleActor | null>(null);

/** Hands the signed-in person down to client components, so they show only the controls the role allows. */
export function ActorProvider({ actor, children }: { actor: ConsoleActor; children: ReactNode }) {
  return <ActorContext.Provider value={actor}>{children}</ActorContext.Provider>;
}

export function useActor(): ConsoleActor | null {
  return useContext(ActorContext);
}

/**
 * True when the signed-in person holds at least `role`. Only hides controls: the API checks every
 * request again, so a stale role can at worst show a button whose request is refused.
 */
export function useHasRole(role: Role): boolean {
  const actor = useActor();
  return actor !== null && hasRole(actor.role, role);
}
