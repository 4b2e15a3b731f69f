'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/** What to do when no event has arrived in the window: how to send one, or how to start the demo. */
export function NoEventsYet() {
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => 'http://localhost:3000',
  );
  return (
    <section className="panel empty-state" role="status" data-testid="overview-empty">
      <h2 className="empty-title">Waiting for the first event</h2>
      <p>
        No events yet — send some to <code>POST /api/v1/events</code> or start with{' '}
        <code>PULSEBOARD_DEMO=on</code>. Charts and tiles fill in within a second of the first event.
      </p>
      <pre className="code-block">
        <code>{`curl -X POST ${origin}/api/v1/events \\
  -H "Authorization: Bearer $PULSEBOARD_INGEST_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"id":"evt-1","type":"purchase","value":42.5}'`}</code>
      </pre>
    </section>
  );
}
