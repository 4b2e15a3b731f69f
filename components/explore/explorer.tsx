'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { PageHeader } from '@/components/console/page-header';
import { choicesOf, FilterField } from '@/components/forms/inputs';
import { ListError } from '@/components/lists/list-panel';
import type { ChartSeries } from '@/components/charts/time-series-chart';
import { useMetricCatalogue, type MetricSummary } from '@/components/metrics/catalogue-api';
import { describeAggregation, formatMetricValue, missingMeansZero } from '@/components/metrics/format';
import { colorOfType } from '@/components/overview/type-colors';
import { seriesDataFromResponse, seriesInWindow, type PlotSeries } from '@/components/realtime/series-data';
import { useLiveSeries } from '@/components/realtime/socket';
import { useNow } from '@/components/realtime/use-now';
import { ruleWindows } from '@/lib/alerting/types';
import { stepSeconds, steps, stepForRange, type Step } from '@/core/services/metrics/schemas';
import { useDeployMarks, useIncidentMarks, useRangeSeries } from './explore-data';
import {
  explorerQuery,
  explorerRanges,
  explorerWindow,
  parseExplorerState,
  type ExplorerRange,
  type ExplorerState,
} from './explore-state';
import { ExplorerChart } from './explorer-chart';
import { useTimeZone } from '@/components/time/time-zone';
import { formatWallClockInput, parseWallClockInput } from '@/lib/time/format';

const windowChoices = ruleWindows.map((w) => ({ value: w, label: `Rolling ${w} (as a rule sees it)` }));

const liveWindowMs = 5 * 60_000;

function seriesName(s: PlotSeries, metric: string): string {
  const entries = Object.entries(s.group);
  return entries.length === 0
    ? metric
    : entries.map(([k, v]) => (entries.length === 1 ? v : `${k}=${v}`)).join(', ');
}

const toLocalInput = (ms: number | null, zone: string) => (ms === null ? '' : formatWallClockInput(ms, zone));
const fromLocalInput = parseWallClockInput;

/**
 * The metrics explorer: any metric of the catalogue, split by its dimensions, over a live tail or a
 * past range, with zoom, legend toggles, incident spans and deploy markers. Its state is the URL's.
 */
export function Explorer() {
  const params = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parseExplorerState(new URLSearchParams(params.toString())), [params]);
  const setState = useCallback(
    (patch: Partial<ExplorerState>) => {
      // From the address bar, not this render: two quick changes must not undo each other.
      const current = parseExplorerState(new URLSearchParams(window.location.search));
      // The native history API updates useSearchParams at once, without a server round trip (Next.js ≥ 14.1).
      window.history.replaceState(null, '', `${pathname}?${explorerQuery({ ...current, ...patch })}`);
    },
    [pathname],
  );
  const [catalogueInterval, setCatalogueInterval] = useState(30_000);
  const catalogue = useMetricCatalogue(catalogueInterval);
  const metric: MetricSummary | undefined = catalogue.data?.find((m) => m.name === state.metric);
  const { refetch: refetchCatalogue } = catalogue;
  // The catalogue may be cached from another page: re-read it on arrival, and often while the URL's
  // metric is not in it yet (a metric created a moment ago).
  useEffect(() => {
    void refetchCatalogue();
  }, [refetchCatalogue]);
  const missing = catalogue.isSuccess && metric === undefined;
  useEffect(() => setCatalogueInterval(missing ? 3_000 : 30_000), [missing]);
  const group = useMemo(
    () => (metric ? state.group.filter((d) => metric.dimensions.includes(d)) : []),
    [metric, state.group],
  );
  const live = state.range === 'live';
  const known = metric !== undefined;

  const liveSeries = useLiveSeries({
    name: state.metric,
    groupBy: group,
    windowMs: liveWindowMs,
    enabled: live && known,
  });
  // A filter on a dimension the metric lacks would match nothing: it is dropped like an unknown group.
  const where = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(state.where).filter(([d]) => metric?.dimensions.includes(d) && group.includes(d)),
      ),
    [metric, state.where, group],
  );
  const rangeSeries = useRangeSeries({ ...state, group, where }, !live && known);
  const now = useNow();
  const span = live
    ? { from: now - liveWindowMs, to: now }
    : rangeSeries.data
      ? { from: rangeSeries.data.from, to: rangeSeries.data.to }
      : explorerWindow(state, now);
  const incidents = useIncidentMarks(state.metric, span.from, span.to, state.incidents && now > 0);
  const deploys = useDeployMarks(span.from, span.to);

  const step: Step = live
    ? '1s'
    : ((rangeSeries.data?.step as Step | undefined) ??
      state.step ??
      stepForRange((span.to - span.from) / 1000));
  const plotted = useMemo(() => {
    const data = live
      ? liveSeries.data
      : rangeSeries.data
        ? seriesDataFromResponse(rangeSeries.data)
        : undefined;
    return seriesInWindow(data, span.from, span.to);
  }, [live, liveSeries.data, rangeSeries.data, span.from, span.to]);
  const chartSeries = useMemo(
    (): ChartSeries[] =>
      plotted.map((s) => {
        const name = seriesName(s, state.metric);
        return {
          id: s.key,
          name,
          color: group.includes('type') ? colorOfType(s.group.type ?? '') : undefined,
          points: s.points,
        };
      }),
    [plotted, state.metric, group],
  );
  const unit = metric?.unit ?? '';
  const formatValue = useCallback((value: number) => formatMetricValue(value, unit), [unit]);
  const active = live ? liveSeries : rangeSeries;
  const error = active.error;
  const zone = useTimeZone();
  const [customFrom, setCustomFrom] = useState(() => toLocalInput(state.from, zone));
  const [customTo, setCustomTo] = useState(() => toLocalInput(state.to, zone));

  const chooseRange = (range: ExplorerRange) => {
    if (range === 'custom') {
      const span = explorerWindow(state, Date.now());
      setCustomFrom(toLocalInput(span.from, zone));
      setCustomTo(toLocalInput(span.to, zone));
      setState({ range, from: span.from, to: span.to, step: null });
    } else {
      setState({ range, from: null, to: null, step: live || range === 'live' ? null : state.step });
    }
  };
  const applyCustom = () => {
    const from = fromLocalInput(customFrom, zone);
    const to = fromLocalInput(customTo, zone);
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return;
    setState({ range: 'custom', from, to });
  };
  const customInvalid =
    customFrom !== '' &&
    customTo !== '' &&
    fromLocalInput(customTo, zone) <= fromLocalInput(customFrom, zone);

  let emptyMessage = 'Loading…';
  if (catalogue.isSuccess && !known)
    emptyMessage = `There is no metric named ${state.metric}. Pick one above.`;
  else if (error) emptyMessage = 'The series could not be loaded.';
  else if (active.isSuccess)
    emptyMessage = live
      ? 'No data in the last 5 minutes yet; new buckets appear here as events arrive.'
      : 'No data in this range. Try a longer range or another metric.';

  return (
    <div className="explore">
      <PageHeader
        title="Explore"
        subtitle="Any metric, split by its dimensions, live or over a past range. The address bar holds the view: share the link."
      />

      <section className="panel explore-controls" aria-label="Query">
        <div className="field">
          <label htmlFor="explore-metric">Metric</label>
          <select
            id="explore-metric"
            value={state.metric}
            onChange={(e) => setState({ metric: e.target.value, group: [], where: {} })}
          >
            {!known && <option value={state.metric}>{state.metric}</option>}
            {catalogue.data?.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
          {metric && (
            <span className="field-hint" data-testid="explore-aggregation">
              {metric.ratioOf ? 'ratio' : describeAggregation(metric)}
              {metric.unit ? ` · ${metric.unit}` : ''}
            </span>
          )}
        </div>

        <fieldset className="field explore-group">
          <legend>Group by</legend>
          {metric && metric.dimensions.length === 0 && (
            <span className="field-hint">This metric has no dimensions.</span>
          )}
          {metric?.dimensions.map((d) => (
            <label key={d} className="check">
              <input
                type="checkbox"
                checked={group.includes(d)}
                onChange={(e) =>
                  setState({ group: e.target.checked ? [...group, d] : group.filter((g) => g !== d) })
                }
              />
              {d}
            </label>
          ))}
        </fieldset>

        <FilterField
          id="explore-range"
          label="Range"
          value={state.range}
          choices={explorerRanges}
          onChange={chooseRange}
        />

        {!live && (
          <FilterField
            id="explore-step"
            label="Step"
            all={`Automatic${rangeSeries.data && !state.step ? ` (${rangeSeries.data.step})` : ''}`}
            value={state.step ?? ''}
            choices={choicesOf(steps)}
            onChange={(value) => setState({ step: steps.find((s) => s === value) ?? null })}
          />
        )}

        {!live && (
          <FilterField
            id="explore-window"
            label="Window"
            all="Each bucket"
            value={state.window ?? ''}
            choices={windowChoices}
            onChange={(value) => setState({ window: ruleWindows.find((w) => w === value) ?? null })}
          />
        )}

        {Object.keys(where).length > 0 && (
          <fieldset className="field" data-testid="explore-where">
            <legend>Only</legend>
            <span className="chips">
              {Object.entries(where).map(([d, v]) => (
                <button
                  key={d}
                  type="button"
                  className="chip"
                  aria-label={`Show every ${d}, not only ${v}`}
                  onClick={() =>
                    setState({ where: Object.fromEntries(Object.entries(where).filter(([k]) => k !== d)) })
                  }
                >
                  {d}={v} ×
                </button>
              ))}
            </span>
          </fieldset>
        )}

        {state.range === 'custom' && (
          <form
            className="explore-custom"
            onSubmit={(e) => {
              e.preventDefault();
              applyCustom();
            }}
          >
            <div className="field">
              <label htmlFor="explore-from">From ({zone})</label>
              <input
                id="explore-from"
                type="datetime-local"
                value={customFrom}
                onChange={(e) => setCustomFrom(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="explore-to">To ({zone})</label>
              <input
                id="explore-to"
                type="datetime-local"
                value={customTo}
                aria-invalid={customInvalid}
                aria-describedby={customInvalid ? 'explore-to-error' : undefined}
                onChange={(e) => setCustomTo(e.target.value)}
              />
              {customInvalid && (
                <span id="explore-to-error" className="field-error">
                  To must be after From.
                </span>
              )}
            </div>
            <button type="submit" className="button" disabled={customInvalid}>
              Apply
            </button>
          </form>
        )}

        <label className="check">
          <input
            type="checkbox"
            checked={state.incidents}
            onChange={(e) => setState({ incidents: e.target.checked })}
          />
          Show incidents
        </label>
        {live && (
          <span className="live-pill" data-testid="explore-live">
            live
          </span>
        )}
      </section>

      <ListError
        noun={state.metric}
        query={{ isError: Boolean(error), error }}
        onRetry={() => void active.refetch()}
      />

      <ExplorerChart
        title={`${state.metric}${group.length > 0 ? ` by ${group.join(', ')}` : ''} · ${
          state.window && !live ? `rolling ${state.window}, every ${step}` : `${step} buckets`
        }`}
        series={chartSeries}
        from={span.from}
        to={span.to}
        stepMs={stepSeconds[step] * 1000}
        zeroFill={metric ? missingMeansZero(metric) : false}
        deploys={deploys.data ?? []}
        incidents={state.incidents ? (incidents.data ?? []) : []}
        formatValue={formatValue}
        emptyMessage={emptyMessage}
      />
      {state.incidents && incidents.data && incidents.data.length > 0 && (
        <p className="muted explore-note">
          {incidents.data.length} incident{incidents.data.length === 1 ? '' : 's'} of rules on {state.metric}{' '}
          opened in this range (shaded; hover for the title). Hide them with “Show incidents”.
        </p>
      )}
    </div>
  );
}
