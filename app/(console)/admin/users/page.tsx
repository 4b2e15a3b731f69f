import type { Metadata } from 'next';
import { UsersPage } from '@/components/admin/users-page';
import { requireAdminPage } from '../admin-only';

export const metadata: Metadata = { title: 'Users' };

export default async function Users() {
  await requireAdminPage();
  return <UsersPage />;
}
