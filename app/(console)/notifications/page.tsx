import type { Metadata } from 'next';
import { NotificationsPage } from '@/components/notifications/notifications-page';
import { isNotificationsTab } from '@/components/notifications/tabs';

export const metadata: Metadata = { title: 'Notifications' };

type NotificationsProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function Notifications({ searchParams }: NotificationsProps) {
  const params = await searchParams;
  const incident = typeof params.incident === 'string' ? params.incident : '';
  const tab = isNotificationsTab(params.tab) ? params.tab : incident ? 'deliveries' : 'channels';
  return <NotificationsPage key={`${tab}-${incident}`} initialTab={tab} incidentId={incident} />;
}
