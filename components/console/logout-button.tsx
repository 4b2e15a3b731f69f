'use client';

import { useState } from 'react';
import { disconnectSocket } from '@/components/realtime/socket';

export function LogoutButton() {
  const [pending, setPending] = useState(false);

  async function logOut() {
    setPending(true);
    disconnectSocket();
    try {
      await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin' });
    } finally {
      // A full navigation drops every cached query of the signed-out user.
      window.location.assign('/login');
    }
  }

  return (
    <button type="button" className="button button-ghost" onClick={() => void logOut()} disabled={pending}>
      {pending ? 'Logging out…' : 'Log out'}
    </button>
  );
}
