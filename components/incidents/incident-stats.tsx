'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { getJson } from '@/components/api/fetch-json';
import { FilterField } from '@/components/forms/inputs';
import { ColumnHeads, EmptyRow, ListError } from '@/components/lists/list-panel';
import { SeverityBadge } from './badges';
import type { DurationStats, IncidentStats, IncidentStatsGroup } from '@/contracts/responses/alerting';

const ranges = [
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
type Range = (typeof ranges)[number]['value'];

/** 42 s, 3 m 20 s, 2 h 5 m, 1 d 4 h. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

function useIncidentStats(range: Range) {
  return useQuery({
    queryKey: ['incidents', 'stats', range] as const,
    queryFn: ({ signal }) => {
      const ms = ranges.find((r) => r.value === range)?.ms ?? 86_400_000;
      const to = new Date(Date.now() + 60_000);
      const params = new URLSearchParams({
        from: new Date(to.getTime() - ms).toISOString(),
        to: to.toISOString(),
      });
      return getJson<IncidentStats>(`/api/v1/incidents/stats?${params.toString()}`, signal);
    },
    refetchInterval: 10_000,
  });
}

function Durations({ d, label }: { d: DurationStats; label: string }) {
  return (
    <>
      <td data-label={`${label} mean`}>{formatDuration(d.meanSeconds)}</td>
      <td data-label={`${label} p90`}>{formatDuration(d.p90Seconds)}</td>
    </>
  );
}

function StatCells({ g }: { g: IncidentStatsGroup }) {
  return (
    <>
      <td>{g.incidents}</td>
      <td>{g.timeToAcknowledge.count}</td>
      <Durations d={g.timeToAcknowledge} label="ack" />
      <td>{g.timeToResolve.count}</td>
      <Durations d={g.timeToResolve} label="resolve" />
    </>
  );
}

function StatHead({ first }: { first: string }) {
  return (
    <ColumnHeads
      columns={[
        first,
        'Incidents',
        'Acknowledged',
        'Time to ack, mean',
        'Time to ack, p90',
        'Resolved',
        'Time to resolve, mean',
        'Time to resolve, p90',
      ]}
    />
  );
}

/** Time to acknowledge and to resolve (mean, p90) by rule and severity, over a chosen range. */
export function IncidentStatsView() {
  const [range, setRange] = useState<Range>('24h');
  const stats = useIncidentStats(range);
  const data = stats.data;
  return (
    <section
      className="panel table-panel"
      aria-labelledby="incident-stats-title"
      data-testid="incident-stats"
    >
      <header className="panel-header section-bar">
        <div>
          <h2 id="incident-stats-title" className="panel-title">
            Response times
          </h2>
          <p className="panel-description">Incidents opened in the range; re-read every 10 s.</p>
        </div>
        <FilterField
          id="incident-stats-range"
          label="Range"
          value={range}
          choices={ranges}
          onChange={setRange}
        />
      </header>
      <ListError noun="the statistics" query={stats} />
      {/* Focusable, so a keyboard can scroll the table when long names make it overflow. */}
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table" data-testid="incident-stats-overall" aria-busy={stats.isPending}>
          <StatHead first="All" />
          <tbody>
            {data && (
              <tr data-testid="stats-overall">
                <th scope="row">All incidents</th>
                <StatCells g={data.overall} />
              </tr>
            )}
          </tbody>
        </table>
        <table className="data-table" data-testid="incident-stats-by-rule">
          <StatHead first="Rule" />
          <tbody>
            {data?.byRule.map((r) => (
              <tr
                key={`${r.ruleId ?? ''}-${r.surgeRuleId ?? ''}`}
                data-testid="stats-rule-row"
                data-rule={r.ruleName}
              >
                <th scope="row">
                  {r.surgeRuleId ? (
                    <Link href={`/surges?rule=${encodeURIComponent(r.surgeRuleId)}`}>{r.ruleName}</Link>
                  ) : (
                    r.ruleName || <span className="muted">deleted rules</span>
                  )}
                  {r.surgeRuleId && <span className="cell-note">surge rule</span>}
                  {!r.ruleId && !r.surgeRuleId && r.ruleName && <span className="cell-note">deleted</span>}
                </th>
                <StatCells g={r} />
              </tr>
            ))}
            <EmptyRow show={data?.byRule.length === 0} colSpan={8}>
              No incidents in this range.
            </EmptyRow>
          </tbody>
        </table>
        <table className="data-table" data-testid="incident-stats-by-severity">
          <StatHead first="Severity" />
          <tbody>
            {data?.bySeverity.map((s) => (
              <tr key={s.severity} data-testid="stats-severity-row" data-severity={s.severity}>
                <th scope="row">
                  <SeverityBadge severity={s.severity} />
                </th>
                <StatCells g={s} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
