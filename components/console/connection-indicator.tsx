'use client';

import { useConnectionState } from '@/components/realtime/socket';

/** Live (green) / Reconnecting… (amber) / Offline (grey) for the page's Socket.IO connection. */
export function ConnectionIndicator() {
  const { state, everConnected } = useConnectionState();
  const label =
    state === 'live'
      ? 'Live'
      : state === 'offline'
        ? 'Offline'
        : everConnected
          ? 'Reconnecting…'
          : 'Connecting…';
  const title =
    state === 'live'
      ? 'Receiving live updates'
      : state === 'offline'
        ? 'Not connected: live updates are paused. Check your network, or reload the page to sign in again.'
        : 'Live updates paused; the gap is back-filled when the connection returns';
  return (
    <span
      className="connection"
      data-testid="connection-status"
      data-state={state}
      role="status"
      aria-live="polite"
      title={title}
    >
      <span className="connection-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
