'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useHasRole } from '@/components/auth/actor-context';

const accountLinks = [{ href: '/admin', label: 'Account' }];
const adminLinks = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/ingest-keys', label: 'Ingest keys' },
  { href: '/admin/audit', label: 'Audit log' },
];

/** The admin area's sections; viewers and operators see only their own account. */
export function AdminNav() {
  const pathname = usePathname();
  const isAdmin = useHasRole('admin');
  const links = isAdmin ? [...accountLinks, ...adminLinks] : accountLinks;
  return (
    <nav className="admin-nav" aria-label="Admin sections">
      <ul>
        {links.map((link) => {
          const current = link.href === '/admin' ? pathname === '/admin' : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link href={link.href} className="admin-nav-link" aria-current={current ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
