'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { useTimeFormat } from '@/components/time/time-zone';
import { ChannelTypeBadge } from './channel-badge';
import { DeliveryStatusBadge } from './delivery-status-badge';
import {
  deliveriesQueryKey,
  deliveryPath,
  deliveryStatuses,
  describeAttempt,
  useChannelList,
  useDeliveryList,
  type DeliveryFilters,
  type DeliveryView,
} from './notification-api';

function Attempts({ delivery }: { delivery: DeliveryView }) {
  // The server sends response excerpts to admins only; others see status codes and errors.
  const showResponses = useHasRole('admin');
  const time = useTimeFormat();
  if (delivery.attempts.length === 0) {
    return (
      <p className="muted">No attempt yet{delivery.status === 'held' ? ': held back by a budget.' : '.'}</p>
    );
  }
  return (
    <table className="data-table attempts-table" data-testid="delivery-attempts">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">At</th>
          <th scope="col">Status code</th>
          <th scope="col">Took</th>
          {showResponses && <th scope="col">Response</th>}
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {delivery.attempts.map((a, i) => (
          <tr key={`${a.at}-${i}`}>
            <td>{i + 1}</td>
            <td>
              <time dateTime={a.at}>{time.dateTime(a.at)}</time>
            </td>
            <td>{a.statusCode ?? '—'}</td>
            <td>{Math.round(a.durationMs)} ms</td>
            {showResponses && (
              <td>
                {a.responseExcerpt ? <code className="response-excerpt">{a.responseExcerpt}</code> : '—'}
              </td>
            )}
            <td>{a.error ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every delivery with its attempts, newest first, re-read every 2 s; operators resend from here. */
export function DeliveryLog({ incidentId = '' }: { incidentId?: string }) {
  const [filters, setFilters] = useState<DeliveryFilters>({ status: '', channelId: '', incidentId });
  const deliveries = useDeliveryList(filters);
  const channels = useChannelList();
  const canResend = useHasRole('operator');
  const time = useTimeFormat();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const list = deliveries.data ?? [];

  function toggle(id: string) {
    setOpen((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function resend(delivery: DeliveryView) {
    setBusy(delivery.id);
    setError('');
    try {
      await sendJson('POST', deliveryPath(delivery.id, '/resend'), {});
      setNotice(`Resent to ${delivery.channelName}: a new delivery is queued.`);
      await queryClient.invalidateQueries({ queryKey: deliveriesQueryKey });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not resend.');
    } finally {
      setBusy(null);
    }
  }

  const columns = canResend ? 8 : 7;

  return (
    <div className="notifications-section">
      <form className="filter-bar" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="delivery-filter-status">Status</label>
          <select
            id="delivery-filter-status"
            value={filters.status}
            onChange={(e) =>
              setFilters((f) => ({ ...f, status: e.target.value as DeliveryFilters['status'] }))
            }
          >
            <option value="">All</option>
            {deliveryStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="delivery-filter-channel">Channel</label>
          <select
            id="delivery-filter-channel"
            value={filters.channelId}
            onChange={(e) => setFilters((f) => ({ ...f, channelId: e.target.value }))}
          >
            <option value="">All</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {filters.incidentId && (
          <div className="field">
            <span className="field-label">Incident</span>
            <button
              type="button"
              className="button button-small"
              onClick={() => setFilters((f) => ({ ...f, incidentId: '' }))}
            >
              Show every incident
            </button>
          </div>
        )}
      </form>
      <p className="notice" role="status" data-testid="deliveries-notice">
        {notice}
      </p>

      {(deliveries.isError || error) && (
        <div className="banner banner-error" role="alert">
          <span>
            {error ||
              `Could not load deliveries: ${deliveries.error instanceof ApiError ? deliveries.error.message : 'the server did not answer'}.`}
          </span>
        </div>
      )}

      <section className="panel table-panel" aria-labelledby="deliveries-table-title">
        <header className="panel-header">
          <h2 id="deliveries-table-title" className="panel-title">
            Delivery log
          </h2>
          <p className="panel-description">
            {deliveries.data
              ? `${list.length} deliver${list.length === 1 ? 'y' : 'ies'}, newest first; refreshes every 2 s`
              : 'Loading…'}
          </p>
        </header>
        <div className="table-scroll">
          <table className="data-table" data-testid="deliveries-table" aria-busy={deliveries.isPending}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Incident</th>
                <th scope="col">Channel</th>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                {canResend && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((d) => {
                const expanded = open.has(d.id);
                return (
                  <Fragment key={d.id}>
                    <tr
                      data-testid="delivery-row"
                      data-delivery={d.id}
                      data-action={d.action}
                      data-status={d.status}
                      data-channel={d.channelName}
                      data-incident={d.incidentId ?? ''}
                      data-expanded={expanded}
                    >
                      <td>
                        <time dateTime={d.createdAt}>{time.dateTime(d.createdAt)}</time>
                      </td>
                      <td>
                        {d.incidentId ? (
                          <Link href={`/incidents/${d.incidentId}`} className="incident-link">
                            {d.incidentTitle ?? 'incident'}
                          </Link>
                        ) : (
                          <span className="muted">test message</span>
                        )}
                      </td>
                      <td>
                        <ChannelTypeBadge type={d.channelType} name={d.channelName} />
                      </td>
                      <td>{d.action}</td>
                      <td>
                        <DeliveryStatusBadge status={d.status} />
                        {d.status === 'retrying' && d.nextAttemptAt && (
                          <span className="cell-note">next at {time.moment(d.nextAttemptAt)}</span>
                        )}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="row-toggle"
                          aria-expanded={expanded}
                          aria-controls={`delivery-${d.id}-attempts`}
                          onClick={() => toggle(d.id)}
                        >
                          <span className="row-caret" aria-hidden="true" />
                          {d.attempts.length}
                          <span className="visually-hidden">
                            {' '}
                            attempts of the {d.action} to {d.channelName}
                          </span>
                        </button>
                      </td>
                      <td className="cell-description">
                        {d.attempts.length > 0 ? describeAttempt(d.attempts.at(-1)) : '—'}
                      </td>
                      {canResend && (
                        <td>
                          <button
                            type="button"
                            className="button button-small"
                            disabled={busy === d.id}
                            aria-label={`Resend the ${d.action} to ${d.channelName}`}
                            onClick={() => void resend(d)}
                          >
                            Resend
                          </button>
                        </td>
                      )}
                    </tr>
                    {expanded && (
                      <tr className="detail-row" id={`delivery-${d.id}-attempts`}>
                        <td colSpan={columns}>
                          <Attempts delivery={d} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
              {deliveries.data && list.length === 0 && (
                <tr>
                  <td colSpan={columns} className="table-empty">
                    No deliveries
                    {filters.status || filters.channelId ? ' match' : ' yet: send a test from Channels'}.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
