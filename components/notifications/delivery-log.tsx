'use client';

import Link from 'next/link';
import { Fragment, useState } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { choicesOf, FilterField } from '@/components/forms/inputs';
import { countOf, EmptyRow, ListError, Notice, TablePanel } from '@/components/lists/list-panel';
import { useOpenRows } from '@/components/lists/use-open-rows';
import { useRowActions } from '@/components/lists/use-row-actions';
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
  const { open, toggle } = useOpenRows();
  const { busy, notice, error, act } = useRowActions(deliveriesQueryKey);
  const list = deliveries.data ?? [];

  const resend = (delivery: DeliveryView) =>
    act({
      id: delivery.id,
      run: () => sendJson('POST', deliveryPath(delivery.id, '/resend'), {}),
      done: `Resent to ${delivery.channelName}: a new delivery is queued.`,
      failed: 'Could not resend.',
    });

  const columns = canResend ? 8 : 7;

  return (
    <div className="notifications-section">
      <form className="filter-bar" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
        <FilterField
          id="delivery-filter-status"
          label="Status"
          all="All"
          value={filters.status}
          choices={choicesOf(deliveryStatuses)}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
        />
        <FilterField
          id="delivery-filter-channel"
          label="Channel"
          all="All"
          value={filters.channelId}
          choices={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(channelId) => setFilters((f) => ({ ...f, channelId }))}
        />
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
      <Notice testId="deliveries-notice">{notice}</Notice>

      <ListError noun="deliveries" query={deliveries} error={error} />

      <TablePanel
        id="deliveries"
        title="Delivery log"
        description={`${countOf(list.length, 'delivery', 'deliveries')}, newest first; refreshes every 2 s`}
        loaded={Boolean(deliveries.data)}
        pending={deliveries.isPending}
        testId="deliveries-table"
        columns={['Time', 'Incident', 'Channel', 'Action', 'Status', 'Attempts', 'Last answer']}
        actions={canResend}
      >
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
        <EmptyRow show={Boolean(deliveries.data) && list.length === 0} colSpan={columns}>
          No deliveries
          {filters.status || filters.channelId ? ' match' : ' yet: send a test from Channels'}.
        </EmptyRow>
      </TablePanel>
    </div>
  );
}
