'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { getJson } from '@/components/api/fetch-json';
import { PageHeader } from '@/components/console/page-header';
import { FilterField } from '@/components/forms/inputs';
import { DataTable, EmptyRow, ListError } from '@/components/lists/list-panel';
import { IncidentStatsView } from '@/components/incidents/incident-stats';
import { useTimeZone } from '@/components/time/time-zone';
import { localTime, zonedTimeToUtc } from '@/lib/alerting/time-zone';
import { IncidentsPerDayChart } from './incidents-per-day-chart';
import type { IncidentReport, NoisyRule } from '@/contracts/responses/reports';

const ranges = [
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
  { value: '90d', label: 'Last 90 days', days: 90 },
] as const;
type Range = (typeof ranges)[number]['value'];

function useIncidentReport(range: Range) {
  const zone = useTimeZone();
  return useQuery({
    queryKey: ['reports', 'incidents', range, zone] as const,
    queryFn: ({ signal }) => {
      const days = ranges.find((r) => r.value === range)?.days ?? 7;
      // Whole days of the reader's zone: from midnight `days - 1` days ago to the next midnight.
      const today = localTime(Date.now(), zone);
      const midnight = (day: number) => zonedTimeToUtc({ ...today, day, hour: 0, minute: 0 }, zone);
      const params = new URLSearchParams({
        from: new Date(midnight(today.day + 1 - days)).toISOString(),
        to: new Date(midnight(today.day + 1)).toISOString(),
        tz: zone,
      });
      return getJson<IncidentReport>(`/api/v1/reports/incidents?${params.toString()}`, signal);
    },
    refetchInterval: 15_000,
  });
}

function ruleLink(r: NoisyRule) {
  if (r.ruleId) return <Link href={`/incidents?rule=${encodeURIComponent(r.ruleId)}`}>{r.ruleName}</Link>;
  if (r.surgeRuleId)
    return <Link href={`/surges?rule=${encodeURIComponent(r.surgeRuleId)}`}>{r.ruleName}</Link>;
  return (
    <>
      {r.ruleName} <span className="cell-note">deleted</span>
    </>
  );
}

function NoisyTable({
  title,
  rows,
  testId,
  empty,
}: {
  title: string;
  rows: NoisyRule[];
  testId: string;
  empty: string;
}) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel-header">
        <h2 className="panel-title">{title}</h2>
      </header>
      {/* Focusable, so a keyboard can scroll the table when long names make it overflow. */}
      <DataTable testId={testId} focusable columns={['Rule', 'Incidents', 'Reopenings']}>
        {rows.map((r) => (
          <tr key={`${r.ruleId ?? ''}-${r.surgeRuleId ?? ''}-${r.ruleName}`} data-rule={r.ruleName}>
            <th scope="row">{ruleLink(r)}</th>
            <td>{r.incidents}</td>
            <td>{r.reopenings}</td>
          </tr>
        ))}
        <EmptyRow show={rows.length === 0} colSpan={3}>
          {empty}
        </EmptyRow>
      </DataTable>
    </section>
  );
}

/** Reports: incidents per day, the noisiest rules, and response times by rule and severity. */
export function Reports() {
  const [range, setRange] = useState<Range>('7d');
  const report = useIncidentReport(range);
  const data = report.data;
  return (
    <div className="reports">
      <PageHeader
        title="Reports"
        subtitle="How often things break, which rules make the noise, and how fast the team responds."
      >
        <FilterField id="reports-range" label="Range" value={range} choices={ranges} onChange={setRange} />
      </PageHeader>
      <ListError noun="the report" query={report} onRetry={() => void report.refetch()} />
      <p className="muted" data-testid="reports-total" aria-busy={report.isPending}>
        {data ? `${data.total} incident${data.total === 1 ? '' : 's'} opened in the range.` : 'Loading…'}
        {data &&
          data.total === 0 &&
          ' Nothing to report: rules that fire show up here. Create one on the Rules page.'}
      </p>
      <IncidentsPerDayChart days={data?.perDay ?? []} />
      <div className="reports-grid">
        <NoisyTable
          title="Most incidents"
          rows={data?.mostIncidents ?? []}
          testId="noisiest-incidents"
          empty="No incidents in this range."
        />
        <NoisyTable
          title="Most reopenings"
          rows={data?.mostReopened ?? []}
          testId="noisiest-reopened"
          empty="No incident was reopened in this range."
        />
      </div>
      <IncidentStatsView />
    </div>
  );
}
