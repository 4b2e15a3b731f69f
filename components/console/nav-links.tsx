'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/catalogue', label: 'Metrics' },
  { href: '/explore', label: 'Explore' },
  { href: '/incidents', label: 'Incidents' },
  { href: '/rules', label: 'Rules' },
  { href: '/surges', label: 'Surges' },
  { href: '/sentiment', label: 'Sentiment' },
  { href: '/notifications', label: 'Notifications' },
  { href: '/reports', label: 'Reports' },
  { href: '/health', label: 'Pipeline' },
  { href: '/admin', label: 'Admin' },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav className="topbar-nav" aria-label="Main">
      <ul>
        {links.map((link) => {
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
