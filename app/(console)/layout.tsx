import { cookies } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ActorProvider } from '@/components/auth/actor-context';
import { IncidentToaster } from '@/components/incidents/incident-toaster';
import { ConnectionIndicator } from '@/components/console/connection-indicator';
import { ConsoleMenu } from '@/components/console/console-menu';
import { LogoutButton } from '@/components/console/logout-button';
import { NavLinks } from '@/components/console/nav-links';
import { parseThemePreference, themeCookieName } from '@/components/theme/theme-preference';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import { TimeZoneProvider } from '@/components/time/time-zone';
import { getUser } from '@/core/queries/users/list-users';
import { pageActor } from '@/server/auth/page-actor';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await pageActor();
  if (!actor) redirect('/login');
  const theme = parseThemePreference((await cookies()).get(themeCookieName)?.value);
  // The zone every time is written in; null: the browser's own, which only the browser knows.
  const timeZone = (await getUser(runtime().db, actor.userId))?.timeZone ?? null;

  return (
    <div className="console">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Pulseboard</span>
        </Link>
        <ConnectionIndicator />
        <ConsoleMenu>
          <NavLinks role={actor.role} />
          <div className="topbar-end">
            <span className="user" data-testid="current-user">
              <span className="user-email">{actor.email}</span>
              <span className="role-badge" data-role={actor.role}>
                {actor.role}
              </span>
            </span>
            <ThemeToggle initial={theme} />
            <LogoutButton />
          </div>
        </ConsoleMenu>
      </header>
      <main id="main" className="console-main" tabIndex={-1}>
        <ActorProvider actor={{ email: actor.email, role: actor.role }}>
          <TimeZoneProvider preference={timeZone}>
            {children}
            <IncidentToaster />
          </TimeZoneProvider>
        </ActorProvider>
      </main>
    </div>
  );
}
