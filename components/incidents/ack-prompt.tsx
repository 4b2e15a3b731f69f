'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { incidentAction, type IncidentView } from './incident-api';

type Outcome =
  | { kind: 'ask' }
  | { kind: 'working' }
  | { kind: 'acknowledged' }
  | { kind: 'already'; status: IncidentView['status']; by: string | null }
  | { kind: 'forbidden' }
  | { kind: 'failed'; message: string };

/** Drops `ack` from the address bar: a reload or a copied address opens the plain incident. */
function dropAckQuery(): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('ack');
  window.history.replaceState(window.history.state, '', url);
}

function already(incident: IncidentView): Outcome {
  return { kind: 'already', status: incident.status, by: incident.acknowledgedBy?.email ?? null };
}

/**
 * The Acknowledge link of a notification (`/incidents/<id>?ack=1`) opens the incident with a one-tap
 * Acknowledge, focused. Opening it changes nothing: a GET any site can make a browser send must not
 * act as the signed-in operator, so only the button's POST acknowledges.
 */
export function AckPrompt({ incident }: { incident: IncidentView }) {
  const canAck = useHasRole('operator');
  const queryClient = useQueryClient();
  const started = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    if (started.current) return;
    if (new URLSearchParams(window.location.search).get('ack') !== '1') return;
    started.current = true;
    dropAckQuery();
    if (!canAck) setOutcome({ kind: 'forbidden' });
    else if (incident.status !== 'triggered') setOutcome(already(incident));
    else setOutcome({ kind: 'ask' });
  }, [canAck, incident]);

  // Someone else acknowledged (or it resolved) while the question was open: say so instead.
  const shown: Outcome | null =
    (outcome?.kind === 'ask' || outcome?.kind === 'failed') && incident.status !== 'triggered'
      ? already(incident)
      : outcome;
  const asking = shown?.kind === 'ask' || shown?.kind === 'failed';

  useEffect(() => {
    if (asking) button.current?.focus();
  }, [asking]);

  function acknowledge() {
    setOutcome({ kind: 'working' });
    incidentAction(incident.id, 'ack', queryClient).then(
      () => setOutcome({ kind: 'acknowledged' }),
      (error: unknown) =>
        setOutcome({
          kind: 'failed',
          message: error instanceof ApiError ? error.message : 'the server did not answer',
        }),
    );
  }

  if (!shown) return null;
  let text: string;
  let tone = 'ack-banner';
  switch (shown.kind) {
    case 'ask':
      text = 'Acknowledge this incident? You will be named as the one on it.';
      tone = 'banner-info';
      break;
    case 'working':
      text = 'Acknowledging…';
      break;
    case 'acknowledged':
      text = 'You acknowledged this incident.';
      break;
    case 'already':
      text =
        shown.status === 'resolved'
          ? 'This incident is already resolved: nothing to acknowledge.'
          : `This incident was already acknowledged${shown.by ? ` by ${shown.by}` : ''}.`;
      tone = 'banner-info';
      break;
    case 'forbidden':
      text = 'Your role cannot acknowledge incidents: ask an operator or admin.';
      tone = 'banner-error';
      break;
    case 'failed':
      text = `Could not acknowledge: ${shown.message}.`;
      tone = 'banner-error';
      break;
  }
  return (
    <div
      className={`banner ${tone}`}
      role={shown.kind === 'failed' || shown.kind === 'forbidden' ? 'alert' : 'status'}
      data-testid="ack-prompt"
      data-outcome={shown.kind}
    >
      <span>{text}</span>
      {shown.kind !== 'working' && (
        <span className="cell-actions">
          {asking && (
            <button ref={button} type="button" className="button button-primary" onClick={acknowledge}>
              {shown.kind === 'failed' ? 'Try again' : 'Acknowledge'}
            </button>
          )}
          <button type="button" className="button button-small" onClick={() => setOutcome(null)}>
            {asking ? 'Not now' : 'Dismiss'}
          </button>
        </span>
      )}
    </div>
  );
}
