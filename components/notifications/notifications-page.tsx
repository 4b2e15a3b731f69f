'use client';

import { useState } from 'react';
import { PageHeader } from '@/components/console/page-header';
import { Tabs } from '@/components/console/tabs';
import { ChannelsPanel } from './channels-panel';
import { DeliveryLog } from './delivery-log';
import { PoliciesPanel } from './policies-panel';
import { notificationsTabs as tabs, type NotificationsTab } from './tabs';

/**
 * Channels, policies and the delivery log as three tabs (WAI-ARIA tabs: arrow keys move between
 * them). The tab is kept in the URL (`?tab=`), so a link can open the log directly.
 */
export function NotificationsPage({
  initialTab,
  incidentId,
}: {
  initialTab: NotificationsTab;
  incidentId: string;
}) {
  const [tab, setTab] = useState<NotificationsTab>(initialTab);

  function choose(next: NotificationsTab) {
    setTab(next);
    const url = new URL(window.location.href);
    url.searchParams.set('tab', next);
    if (next !== 'deliveries') url.searchParams.delete('incident');
    window.history.replaceState(null, '', url);
  }

  return (
    <div className="metrics-page notifications-page">
      <PageHeader
        title="Notifications"
        subtitle="Where incidents are sent, how they escalate, and every delivery attempt."
      />
      <Tabs name="notifications" label="Notifications" tabs={tabs} tab={tab} wrap onChoose={choose}>
        {tab === 'channels' && <ChannelsPanel />}
        {tab === 'policies' && <PoliciesPanel />}
        {tab === 'deliveries' && <DeliveryLog incidentId={incidentId} />}
      </Tabs>
    </div>
  );
}
