import type { Metadata } from 'next';
import { IngestKeysPage } from '@/components/admin/ingest-keys-page';
import { requireAdminPage } from '../admin-only';

export const metadata: Metadata = { title: 'Ingest keys' };

export default async function IngestKeys() {
  await requireAdminPage();
  return <IngestKeysPage />;
}
