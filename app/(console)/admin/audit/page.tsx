import type { Metadata } from 'next';
import { AuditPage } from '@/components/admin/audit-page';
import { requireAdminPage } from '../admin-only';

export const metadata: Metadata = { title: 'Audit log' };

export default async function Audit() {
  await requireAdminPage();
  return <AuditPage />;
}
