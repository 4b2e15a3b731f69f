'use client';

import { useMemo } from 'react';
import { useTimeFormat } from '@/components/time/time-zone';
import { AlertChart } from '@/components/incidents/alert-chart';
import { useMetricWindow } from '@/components/incidents/metric-window';
import { useMetricCatalogue } from '@/components/metrics/catalogue-api';
import { formatMetricValue } from '@/components/metrics/format';
import type { CreateRuleInput } from '@/core/services/rules/schemas';
import { describeLabels, PreviewHeader, previewSummary, usePreviewReplay } from './preview-range';
import { firedRows, seriesKeyOf, type Transition } from './fired-rows';

type BacktestAnswer = {
  transitions: Transition[];
  incidents: Array<{ series: Record<string, string>; openedAt: string; resolvedAt: string | null }>;
  notes: string[];
};

/** Rows shown at most; the summary still counts them all. */
const maxRows = 200;

/**
 * "Preview": replays the draft over the last 1 h, 6 h, 24 h or 7 d (`POST /api/v1/rules/backtest`), marks
 * each time it would have fired on the metric's chart and lists them below it.
 */
export function BacktestPreview({ draft }: { draft: () => CreateRuleInput | null }) {
  const time = useTimeFormat();
  const replay = usePreviewReplay<CreateRuleInput, BacktestAnswer>('/api/v1/rules/backtest', draft);
  const { result, shown } = replay;
  const catalogue = useMetricCatalogue();

  const rows = useMemo(() => (result ? firedRows(result.answer.transitions) : []), [result]);
  const points = useMemo(
    () => rows.map((r) => ({ ts: Date.parse(r.firedAt), value: r.value, label: 'fire' })),
    [rows],
  );
  const areas = useMemo(
    () =>
      (result?.answer.incidents ?? []).map((i) => ({
        from: Date.parse(i.openedAt),
        to: i.resolvedAt ? Date.parse(i.resolvedAt) : (result?.to ?? Date.now()),
        label: '',
      })),
    [result],
  );
  const threshold =
    result?.rule.kind === 'threshold' ? (result.rule.params as { value: number }).value : null;
  const unit = catalogue.data?.find((m) => m.name === result?.rule.metric)?.unit ?? '';
  const window = useMetricWindow({
    metric: result?.rule.metric ?? null,
    groupBy: result?.rule.groupBy ?? [],
    from: result?.from ?? 0,
    to: result?.to ?? 0,
    step: shown.step,
  });

  return (
    <div className="backtest" data-testid="rule-preview">
      <PreviewHeader
        replay={replay}
        summary={result && previewSummary(rows.length, 'fired', shown.label)}
        summaryTestId="preview-summary"
        notes={result?.answer.notes ?? []}
      />
      {result && (
        <AlertChart
          title={`${result.rule.metric}, last ${shown.label}`}
          slug="rule-preview"
          lines={window.data ?? []}
          from={result.from}
          to={result.to}
          threshold={threshold}
          areas={areas}
          points={points}
          description={`${shown.step === '1m' ? '1-minute' : '5-minute'} buckets; pins where the rule would have fired, shaded while an incident would have been open.`}
          emptyMessage={window.isPending ? 'Loading…' : `No data in the last ${shown.label}.`}
        />
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="preview-firings">
            <caption className="backtest-caption">Would have fired</caption>
            <thead>
              <tr>
                <th scope="col">Series</th>
                <th scope="col">Fired at</th>
                <th scope="col">Resolved at</th>
                <th scope="col">Value when fired</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, maxRows).map((r) => (
                <tr key={`${seriesKeyOf(r.series)}|${r.firedAt}`} data-testid="preview-firing">
                  <td>{describeLabels(r.series)}</td>
                  <td>
                    <time dateTime={r.firedAt}>{time.dateTime(r.firedAt)}</time>
                  </td>
                  <td>
                    {r.resolvedAt ? (
                      <time dateTime={r.resolvedAt}>{time.dateTime(r.resolvedAt)}</time>
                    ) : (
                      'still firing'
                    )}
                  </td>
                  <td>{formatMetricValue(r.value, unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > maxRows && (
            <p className="field-hint">The first {maxRows} are listed; the chart shows them all.</p>
          )}
        </div>
      )}
    </div>
  );
}
