import { redirect } from 'next/navigation';
import { Overview } from '@/components/overview/overview';
import { pageActor } from '@/server/auth/page-actor';
import { getOverviewLayout } from '@/core/queries/overview-layout/get-overview-layout';
import { hasRecentEvents } from '@/core/queries/overview/has-recent-events';
import { runtime } from '@/server/runtime';

export default async function OverviewPage() {
  const actor = await pageActor();
  if (!actor) redirect('/login');
  const { db } = runtime();
  // Both in the HTML: the layout needs no round trip, and an empty database shows its empty state at once.
  const [layout, recent] = await Promise.all([getOverviewLayout(db, actor.userId), hasRecentEvents(db)]);
  return <Overview initialLayout={layout} initialEmpty={!recent} />;
}
