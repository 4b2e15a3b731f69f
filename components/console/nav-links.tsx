'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { hasRole, type Role } from '@/contracts/roles';

type NavLink = { href: string; label: string; needs?: Role };

const links: NavLink[] = [
  { href: '/', label: 'Overview' },
  { href: '/catalogue', label: 'Metrics' },
  { href: '/explore', label: 'Explore' },
  { href: '/incidents', label: 'Incidents' },
  { href: '/rules', label: 'Rules' },
  { href: '/silences', label: 'Silences' },
  { href: '/surges', label: 'Surges' },
  { href: '/sentiment', label: 'Sentiment' },
  { href: '/notifications', label: 'Notifications' },
  { href: '/reports', label: 'Reports' },
  // The pipeline API answers operators and admins only: a viewer would find a page with nothing on it.
  { href: '/health', label: 'Pipeline', needs: 'operator' },
];

/** The main navigation, with only the screens the signed-in role can use. */
export function NavLinks({ role }: { role: Role }) {
  const pathname = usePathname();
  // Everyone has an account page under /admin; only admins get the admin sections there.
  const shown = [
    ...links.filter((link) => !link.needs || hasRole(role, link.needs)),
    { href: '/admin', label: hasRole(role, 'admin') ? 'Admin' : 'Account' },
  ];
  return (
    <nav className="topbar-nav" aria-label="Main">
      <ul>
        {shown.map((link) => {
          const current = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link href={link.href} className="nav-link" aria-current={current ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
