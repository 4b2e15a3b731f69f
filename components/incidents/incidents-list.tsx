'use client';

import Link from 'next/link';
import { useState } from 'react';
import { ApiError } from '@/components/api/fetch-json';
import { incidentStatuses, severities } from '@/lib/alerting/types';
import { useRuleList } from '@/components/rules/rule-api';
import { useSurgeRules } from '@/components/surge/surge-api';
import { SilencedBadge } from '@/components/silences/silenced-badge';
import { useTimeFormat } from '@/components/time/time-zone';
import { SeverityBadge, StatusBadge } from './badges';
import {
  describeSeries,
  formatNumber,
  surgeRuleFilter,
  useIncidentList,
  type IncidentFilters,
} from './incident-api';

const statusChoices = ['open', ...incidentStatuses] as const;

/** The incident list, live: filters go to the API; `incident` frames update the cached list. */
export function IncidentsList() {
  const [filters, setFilters] = useState<IncidentFilters>({ status: '', severity: '', rule: '' });
  const list = useIncidentList(filters);
  const time = useTimeFormat();
  const rules = useRuleList();
  const surgeRules = useSurgeRules();
  const incidents = list.data ?? [];

  return (
    <div className="metrics-page incidents-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Incidents</h1>
          <p className="page-subtitle">Every incident the rules opened, newest first. Updates live.</p>
        </div>
      </header>

      <form className="filter-bar" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="incident-filter-status">Status</label>
          <select
            id="incident-filter-status"
            value={filters.status}
            onChange={(e) =>
              setFilters((f) => ({ ...f, status: e.target.value as IncidentFilters['status'] }))
            }
          >
            <option value="">All</option>
            {statusChoices.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-filter-severity">Severity</label>
          <select
            id="incident-filter-severity"
            value={filters.severity}
            onChange={(e) =>
              setFilters((f) => ({ ...f, severity: e.target.value as IncidentFilters['severity'] }))
            }
          >
            <option value="">All</option>
            {severities.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="incident-filter-rule">Rule</label>
          <select
            id="incident-filter-rule"
            value={filters.rule}
            onChange={(e) => setFilters((f) => ({ ...f, rule: e.target.value }))}
          >
            <option value="">All</option>
            {(rules.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
            {(surgeRules.data ?? []).length > 0 && (
              <optgroup label="Surge rules">
                {(surgeRules.data ?? []).map((r) => (
                  <option key={r.id} value={surgeRuleFilter(r.id)}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
      </form>

      {list.isError && (
        <div className="banner banner-error" role="alert">
          <span>
            Could not load incidents:{' '}
            {list.error instanceof ApiError ? list.error.message : 'the server did not answer'}.
          </span>
          <button type="button" className="button" onClick={() => void list.refetch()}>
            Retry
          </button>
        </div>
      )}

      <section className="panel table-panel" aria-labelledby="incidents-table-title">
        <header className="panel-header">
          <h2 id="incidents-table-title" className="panel-title">
            Incidents
          </h2>
          <p className="panel-description">
            {list.data ? `${incidents.length} incident${incidents.length === 1 ? '' : 's'}` : 'Loading…'}
          </p>
        </header>
        {/* Focusable, so a keyboard can scroll the table when long names make it overflow. On phones the
            rows become stacked cards (CSS), so Status stays on screen without scrolling sideways. */}
        <div className="table-scroll" tabIndex={0}>
          <table
            className="data-table incident-table"
            data-testid="incidents-table"
            aria-busy={list.isPending}
          >
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Opened</th>
                <th scope="col">Value / threshold</th>
                <th scope="col">Assignee</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((incident) => (
                <tr
                  key={incident.id}
                  data-testid={`incident-row-${incident.id}`}
                  data-rule={incident.ruleName}
                  data-status={incident.status}
                >
                  <th scope="row">
                    <Link href={`/incidents/${incident.id}`} className="incident-link">
                      {incident.title}
                    </Link>
                    <span className="cell-note">
                      {incident.surgeRuleId && 'surge · '}
                      {incident.ruleName}
                      {describeSeries(incident.series) && ` · ${describeSeries(incident.series)}`}
                      {incident.flapping && ' · flapping'}
                    </span>
                  </th>
                  <td>
                    <SeverityBadge severity={incident.severity} />
                  </td>
                  <td>
                    <StatusBadge status={incident.status} />{' '}
                    <SilencedBadge
                      ruleId={incident.ruleId}
                      labels={incident.labels}
                      series={incident.series}
                    />
                  </td>
                  <td data-label="Opened">
                    <time dateTime={incident.openedAt}>{time.dateTime(incident.openedAt)}</time>
                  </td>
                  <td data-label="Value / threshold">
                    <code>
                      {formatNumber(incident.value)} / {formatNumber(incident.threshold)}
                    </code>
                  </td>
                  <td data-label="Assignee">
                    {incident.assignee?.email ?? <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
              {list.data && incidents.length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    No incidents match.
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
