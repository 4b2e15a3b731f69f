'use client';

import Link from 'next/link';
import { useState } from 'react';
import { PageHeader } from '@/components/console/page-header';
import { choicesOf, FilterField } from '@/components/forms/inputs';
import { countOf, EmptyRow, ListError, TablePanel } from '@/components/lists/list-panel';
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
      <PageHeader title="Incidents" subtitle="Every incident the rules opened, newest first. Updates live." />

      <form className="filter-bar" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <FilterField
          id="incident-filter-status"
          label="Status"
          all="All"
          value={filters.status}
          choices={choicesOf(statusChoices)}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
        />
        <FilterField
          id="incident-filter-severity"
          label="Severity"
          all="All"
          value={filters.severity}
          choices={choicesOf(severities)}
          onChange={(severity) => setFilters((f) => ({ ...f, severity }))}
        />
        <FilterField
          id="incident-filter-rule"
          label="Rule"
          all="All"
          value={filters.rule}
          choices={(rules.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          onChange={(rule) => setFilters((f) => ({ ...f, rule }))}
        >
          {(surgeRules.data ?? []).length > 0 && (
            <optgroup label="Surge rules">
              {(surgeRules.data ?? []).map((r) => (
                <option key={r.id} value={surgeRuleFilter(r.id)}>
                  {r.name}
                </option>
              ))}
            </optgroup>
          )}
        </FilterField>
      </form>

      <ListError noun="incidents" query={list} onRetry={() => void list.refetch()} />

      {/* Focusable, so a keyboard can scroll the table when long names make it overflow. On phones the
          rows become stacked cards (CSS), so Status stays on screen without scrolling sideways. */}
      <TablePanel
        id="incidents"
        title="Incidents"
        description={countOf(incidents.length, 'incident')}
        loaded={Boolean(list.data)}
        pending={list.isPending}
        testId="incidents-table"
        className="data-table incident-table"
        focusable
        columns={['Incident', 'Severity', 'Status', 'Opened', 'Value / threshold', 'Assignee']}
      >
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
              <SilencedBadge ruleId={incident.ruleId} labels={incident.labels} series={incident.series} />
            </td>
            <td data-label="Opened">
              <time dateTime={incident.openedAt}>{time.dateTime(incident.openedAt)}</time>
            </td>
            <td data-label="Value / threshold">
              <code>
                {formatNumber(incident.value)} / {formatNumber(incident.threshold)}
              </code>
            </td>
            <td data-label="Assignee">{incident.assignee?.email ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
        <EmptyRow show={Boolean(list.data) && incidents.length === 0} colSpan={6}>
          No incidents match.
        </EmptyRow>
      </TablePanel>
    </div>
  );
}
