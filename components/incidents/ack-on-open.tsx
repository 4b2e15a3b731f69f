'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { incidentAction, type IncidentView } from './incident-api';

type Outcome =
  | { kind: 'working' }
  | { kind: 'acknowledged' }
  | { kind: 'already'; status: IncidentView['status']; by: string | null }
  | { kind: 'forbidden' }
  | { kind: 'failed'; message: string };

/** Drops `ack` from the address bar, so a reload or a shared link does not acknowledge again. */
function dropAckQuery(): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('ack');
  window.history.replaceState(window.history.state, '', url);
}

/**
 * The Acknowledge link of a notification (`/incidents/<id>?ack=1`): acknowledges the incident once on
 * open (after the login round trip, which keeps the query), says so, and removes the query.
 */
export function AckOnOpen({ incident }: { incident: IncidentView }) {
  const canAck = useHasRole('operator');
  const queryClient = useQueryClient();
  const started = useRef(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    if (started.current) return;
    if (new URLSearchParams(window.location.search).get('ack') !== '1') return;
    started.current = true;
    dropAckQuery();
    if (!canAck) {
      setOutcome({ kind: 'forbidden' });
      return;
    }
    if (incident.status !== 'triggered') {
      setOutcome({ kind: 'already', status: incident.status, by: incident.acknowledgedBy?.email ?? null });
      return;
    }
    setOutcome({ kind: 'working' });
    incidentAction(incident.id, 'ack', queryClient).then(
      () => setOutcome({ kind: 'acknowledged' }),
      (error: unknown) =>
        setOutcome({
          kind: 'failed',
          message: error instanceof ApiError ? error.message : 'the server did not answer',
        }),
    );
  }, [canAck, incident, queryClient]);

  if (!outcome) return null;
  let text: string;
  let tone = 'ack-banner';
  switch (outcome.kind) {
    case 'working':
      text = 'Acknowledging…';
      break;
    case 'acknowledged':
      text = 'You acknowledged this incident from the notification link.';
      break;
    case 'already':
      text =
        outcome.status === 'resolved'
          ? 'This incident is already resolved: nothing to acknowledge.'
          : `This incident was already acknowledged${outcome.by ? ` by ${outcome.by}` : ''}.`;
      tone = 'banner-info';
      break;
    case 'forbidden':
      text = 'Your role cannot acknowledge incidents: ask an operator or admin.';
      tone = 'banner-error';
      break;
    case 'failed':
      text = `Could not acknowledge: ${outcome.message}.`;
      tone = 'banner-error';
      break;
  }
  return (
    <div
      className={`banner ${tone}`}
      role={outcome.kind === 'failed' || outcome.kind === 'forbidden' ? 'alert' : 'status'}
      data-testid="ack-on-open"
      data-outcome={outcome.kind}
    >
      <span>{text}</span>
      {outcome.kind !== 'working' && (
        <button type="button" className="button button-small" onClick={() => setOutcome(null)}>
          Dismiss
        </button>
      )}
    </div>
  );
}
