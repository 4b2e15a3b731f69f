'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { ApiError, getJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { incidentAction, type IncidentView } from './incident-api';
import { SeverityBadge } from './badges';
import { insertToast } from './toast-order';
import { useIncidentSync } from './use-incident-sync';

type Toast = { incident: IncidentView; pending: boolean; error: string | null };

/** Toasts on screen at once; the rest fold into "+N more" so the stack never climbs over a page's actions. */
const shownAtOnce = 3;
/** On a phone, one at a time (as Material's snackbars): three would cover half the screen. */
const shownAtOnceOnPhone = 1;
/** New incidents kept (shown or behind "+N more"); a storm beyond this is the incident list's job. */
const maxKept = 20;
/** An incident that opened longer ago than this is not news (a reconnect replaying old frames). */
const newWithinMs = 5 * 60_000;
/**
 * Incidents opened this long before the page mounted still toast when first seen in the catch-up read
 * (the events that opened them may have been sent while the page was loading).
 */
const catchUpMarginMs = 5_000;
const phoneQuery = '(max-width: 767px)';
const stackListId = 'incident-toast-list';

function subscribePhone(onChange: () => void): () => void {
  const query = window.matchMedia(phoneQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function usePhoneLayout(): boolean {
  return useSyncExternalStore(
    subscribePhone,
    () => window.matchMedia(phoneQuery).matches,
    () => false,
  );
}

/**
 * Publishes the stack's height as `--toast-stack-height` on <html>: the console pads its bottom by it, so
 * whatever ends a page can always be scrolled out from under the toasts.
 */
function usePublishedHeight(region: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const el = region.current;
    if (!el) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => {
      root.style.setProperty('--toast-stack-height', `${Math.ceil(el.getBoundingClientRect().height)}px`);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--toast-stack-height');
    };
  }, [region]);
}

/**
 * Pops a toast for each NEW incident that arrives over the socket (severity, title, Acknowledge for
 * operators, a link); it also keeps every cached incident list current on every console page.
 */
export function IncidentToaster() {
  const canAct = useHasRole('operator');
  const queryClient = useQueryClient();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seen = useRef(new Set<string>());
  const mountedAt = useRef(Date.now());

  const onIncident = useCallback((incident: IncidentView) => {
    const isNew =
      incident.status === 'triggered' &&
      !seen.current.has(incident.id) &&
      Date.now() - Date.parse(incident.openedAt) < newWithinMs;
    seen.current.add(incident.id);
    setToasts((old) => {
      const at = old.findIndex((t) => t.incident.id === incident.id);
      if (at >= 0) {
        // Acknowledged or resolved elsewhere: the toast has done its job.
        if (incident.status !== 'triggered') return old.filter((t) => t.incident.id !== incident.id);
        return old.map((t, i) => (i === at ? { ...t, incident } : t));
      }
      if (!isNew) return old;
      return insertToast(old, { incident, pending: false, error: null }, maxKept);
    });
  }, []);

  // A frame published before this page's subscription took effect (the page still loading, or the socket
  // reconnecting) never arrives: once the server has acknowledged the subscription, read the triggered
  // incidents opened since the page mounted, and toast the ones no frame brought.
  const catchUp = useCallback(() => {
    const params = new URLSearchParams({
      status: 'triggered',
      from: new Date(mountedAt.current - catchUpMarginMs).toISOString(),
      limit: String(maxKept),
    });
    getJson<{ incidents: IncidentView[] }>(`/api/v1/incidents?${params.toString()}`).then(
      (body) => {
        for (const incident of body.incidents.reverse()) onIncident(incident);
      },
      () => undefined, // the next (re)connect reads again; the list pages show the error themselves
    );
  }, [onIncident]);

  useIncidentSync(onIncident, catchUp);

  const phone = usePhoneLayout();
  const [expanded, setExpanded] = useState(false);
  const region = useRef<HTMLDivElement>(null);
  usePublishedHeight(region);
  const limit = phone ? shownAtOnceOnPhone : shownAtOnce;
  const folded = toasts.length > limit;
  // Back to three (or fewer), the stack folds again for the next storm.
  if (expanded && !folded) setExpanded(false);
  // Newest incident first; "+N more" shows the rest (and folds them again) without leaving the page.
  const shown = folded && !expanded ? toasts.slice(0, limit) : toasts;

  const dismiss = (id: string) => setToasts((old) => old.filter((t) => t.incident.id !== id));
  const dismissAll = () => {
    setToasts([]);
    setExpanded(false);
  };

  async function acknowledge(id: string) {
    setToasts((old) => old.map((t) => (t.incident.id === id ? { ...t, pending: true, error: null } : t)));
    try {
      await incidentAction(id, 'ack', queryClient);
      dismiss(id);
    } catch (error) {
      const message = error instanceof ApiError ? error.message : 'Could not acknowledge. Try again.';
      setToasts((old) =>
        old.map((t) => (t.incident.id === id ? { ...t, pending: false, error: message } : t)),
      );
    }
  }

  return (
    <div
      ref={region}
      className="toast-region"
      role="region"
      aria-label="New incidents"
      aria-live="polite"
      data-expanded={expanded}
    >
      <div className="toast-list" id={stackListId}>
        {shown.map(({ incident, pending, error }) => (
          <div
            key={incident.id}
            className="toast"
            data-severity={incident.severity}
            data-testid="incident-toast"
            data-incident-id={incident.id}
          >
            <div className="toast-head">
              <SeverityBadge severity={incident.severity} />
              <strong className="toast-title">{incident.title}</strong>
            </div>
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            <div className="toast-actions">
              {canAct && (
                <button
                  type="button"
                  className="button button-small button-primary"
                  disabled={pending}
                  onClick={() => void acknowledge(incident.id)}
                >
                  {pending ? 'Acknowledging…' : 'Acknowledge'}
                </button>
              )}
              <Link
                href={`/incidents/${incident.id}`}
                className="button button-small"
                onClick={() => dismiss(incident.id)}
              >
                View incident
              </Link>
              <button
                type="button"
                className="button button-small button-ghost"
                aria-label={`Dismiss ${incident.title}`}
                onClick={() => dismiss(incident.id)}
              >
                Dismiss
              </button>
            </div>
          </div>
        ))}
      </div>
      {folded && (
        <div className="toast-stack-controls">
          <button
            type="button"
            className="button button-small toast-more"
            data-testid="toast-more"
            aria-expanded={expanded}
            aria-controls={stackListId}
            onClick={() => setExpanded((was) => !was)}
          >
            {expanded ? 'Show fewer' : `+${toasts.length - limit} more`}
          </button>
          <button type="button" className="button button-small button-ghost" onClick={dismissAll}>
            Dismiss all
          </button>
        </div>
      )}
    </div>
  );
}
