'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
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
  const refs = useRef<Partial<Record<NotificationsTab, HTMLButtonElement | null>>>({});

  function choose(next: NotificationsTab, focus = false) {
    setTab(next);
    const url = new URL(window.location.href);
    url.searchParams.set('tab', next);
    if (next !== 'deliveries') url.searchParams.delete('incident');
    window.history.replaceState(null, '', url);
    if (focus) refs.current[next]?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const at = tabs.findIndex((t) => t.id === tab);
    let to = -1;
    if (event.key === 'ArrowRight') to = (at + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') to = (at - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = tabs.length - 1;
    const target = tabs[to];
    if (!target) return;
    event.preventDefault();
    choose(target.id, true);
  }

  return (
    <div className="metrics-page notifications-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Notifications</h1>
          <p className="page-subtitle">
            Where incidents are sent, how they escalate, and every delivery attempt.
          </p>
        </div>
      </header>
      <div className="tabs" role="tablist" aria-label="Notifications" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`notifications-tab-${t.id}`}
            className="tab"
            aria-selected={tab === t.id}
            aria-controls={`notifications-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => choose(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`notifications-panel-${tab}`}
        aria-labelledby={`notifications-tab-${tab}`}
        className="tab-panel"
      >
        {tab === 'channels' && <ChannelsPanel />}
        {tab === 'policies' && <PoliciesPanel />}
        {tab === 'deliveries' && <DeliveryLog incidentId={incidentId} />}
      </div>
    </div>
  );
}
