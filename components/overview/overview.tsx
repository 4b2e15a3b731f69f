'use client';

import { Fragment, useMemo, useState, type ComponentProps, type ReactNode } from 'react';
import { ApiError } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { TimeSeriesChart, type ChartSeries } from '@/components/charts/time-series-chart';
import { seriesInWindow, type PlotSeries, type SeriesData } from '@/components/realtime/series-data';
import { useLiveSeries } from '@/components/realtime/socket';
import { useNow } from '@/components/realtime/use-now';
import { useMetricCatalogue } from '@/components/metrics/catalogue-api';
import { formatMetricValue } from '@/components/metrics/format';
import { metricOfPanel, type OverviewLayoutInput } from '@/core/services/overview-layout/schemas';
import { latencyMetric, revenueMetric, useBusinessMetrics, type PanelStatus } from './business-metrics';
import { CustomizePanel } from './customize-panel';
import styles from './customize.module.css';
import { NoEventsYet } from './empty-state';
import { KpiTile } from './kpi-tile';
import {
  activeCountByTime,
  averagePerSecond,
  formatCount,
  formatRate,
  sumByTime,
  totalOverLast,
  type Points,
} from './kpis';
import { useChangeOverviewLayout, useOverviewLayout } from './layout-api';
import { MetricChart, MetricKpiTile } from './metric-panels';
import { colorOfType } from './type-colors';
import type { OverviewLayoutResponse } from '@/contracts/responses/overview-layout';

const windowMs = 5 * 60_000;
const eventTypeDimensions = ['type'] as const;
const noPoints: Points = [];

type OverviewView = {
  from: number;
  to: number;
  byType: ChartSeries[];
  purchases: ChartSeries[];
  errors: ChartSeries[];
  deploys: number[];
  totals: Points;
  activeTypes: Points;
  eventsPerSecond: number;
  purchasesPerMinute: number;
  errorsPerSecond: number;
  activeTypeCount: number;
};

function typeOf(series: PlotSeries): string {
  return series.group.type ?? '(no type)';
}

function buildView(data: SeriesData | undefined, now: number): OverviewView {
  const from = now - windowMs;
  const series = seriesInWindow(data, from, now);
  const byType = series
    .map((s): ChartSeries => ({
      id: s.key,
      name: typeOf(s),
      color: colorOfType(typeOf(s)),
      points: s.points,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const only = (type: string) => byType.filter((s) => s.name === type);
  const purchases = only('purchase');
  const errors = only('api_error');
  const deploys = (only('deploy')[0]?.points ?? noPoints).filter(([, v]) => v > 0).map(([t]) => t);
  const totals = sumByTime(series);
  const activeTypes = activeCountByTime(series);
  const purchasePoints = purchases[0]?.points ?? noPoints;
  const errorPoints = errors[0]?.points ?? noPoints;
  return {
    from,
    to: now,
    byType,
    purchases,
    errors,
    deploys,
    totals,
    activeTypes,
    eventsPerSecond: averagePerSecond(totals, now, 10),
    purchasesPerMinute: totalOverLast(purchasePoints, now, 60),
    errorsPerSecond: averagePerSecond(errorPoints, now, 10),
    activeTypeCount: byType.filter((s) => s.points.some(([, v]) => v > 0)).length,
  };
}

const formatPerSecond = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

const revenueColor = '#16a34a';
const latencyColor = '#f97316';

/** What a tile says under its value, by the state of its metric. */
function hintFor(status: PanelStatus, name: string, readyHint: string): string {
  if (status === 'absent') return `no ${name} metric in the catalogue`;
  if (status === 'error') return `${name} could not be loaded`;
  return readyHint;
}

/** What a chart says over an empty plot, by the state of its metric. */
function emptyFor(status: PanelStatus, name: string, loading: string, noData: string): string {
  if (status === 'absent')
    return `The ${name} metric is not in the catalogue (an admin may have deleted it). Admins can define it again on the Metrics page.`;
  if (status === 'error') return `The ${name} series could not be loaded.`;
  return status === 'loading' ? loading : noData;
}

export type OverviewProps = {
  /** The signed-in person's layout, read on the server with the page. */
  initialLayout: OverviewLayoutResponse;
  /**
   * Whether any event arrived in the last 5 minutes, as the server saw it when rendering: the empty state
   * is then in the first paint instead of appearing after the series query.
   */
  initialEmpty: boolean;
};

/**
 * The Overview: live KPI tiles and charts over the built-in `events` metric, grouped by type, the starter
 * `revenue` and `api_latency_p95` metrics (each shown empty, not broken, when it is deleted) and any
 * catalogue metric, in the order of the person's layout (their own, else the team default).
 */
export function Overview({ initialLayout, initialEmpty }: OverviewProps) {
  const layout = useOverviewLayout(initialLayout);
  const [draft, setDraft] = useState<OverviewLayoutInput | null>(null);
  const [notice, setNotice] = useState('');
  const change = useChangeOverviewLayout();
  const isAdmin = useHasRole('admin');
  const shown: OverviewLayoutInput = draft ?? layout.data;
  const shows = (id: string) => shown.kpis.includes(id) || shown.charts.includes(id);

  const live = useLiveSeries({ name: 'events', groupBy: eventTypeDimensions, windowMs });
  const now = useNow();
  const view = useMemo(() => buildView(live.data, now), [live.data, now]);
  const ready = now > 0 && live.data !== undefined;
  const loadingMessage = live.isError ? 'The history could not be loaded.' : 'Loading the last 5 minutes…';
  const emptyOr = (message: string) => (ready ? message : loadingMessage);
  const catalogue = useMetricCatalogue(30_000);
  const { revenue, latency } = useBusinessMetrics(now, windowMs, {
    revenue: shows('revenue-per-minute') || shows('revenue'),
    latency: shows('latency-p95'),
  });
  const formatRevenue = useMemo(
    () => (value: number) => formatMetricValue(value, revenue.unit),
    [revenue.unit],
  );
  const formatLatency = useMemo(
    () => (value: number) => formatMetricValue(value, latency.unit),
    [latency.unit],
  );
  const revenueSeries = useMemo(
    (): ChartSeries[] =>
      revenue.minutes.length > 0
        ? [{ id: 'revenue', name: 'Revenue', color: revenueColor, points: revenue.minutes }]
        : [],
    [revenue.minutes],
  );
  const latencySeries = useMemo(
    (): ChartSeries[] =>
      latency.perSecond.length > 0
        ? [{ id: 'p95', name: 'p95', color: latencyColor, points: latency.perSecond }]
        : [],
    [latency.perSecond],
  );
  const revenueReady = revenue.status === 'ready' && now > 0;
  const latencyReady = latency.status === 'ready' && now > 0;
  // Until the series answers, the server's view of "no events yet" holds (the same on both renders).
  const empty = ready ? view.byType.length === 0 : initialEmpty && !live.isError;

  const builtInTiles: Record<string, () => ReactNode> = {
    'events-per-second': () => (
      <KpiTile
        slug="events-per-second"
        label="Events / s"
        value={ready ? formatRate(view.eventsPerSecond) : null}
        hint="all types, avg of the last 10 s"
        spark={view.totals}
        from={view.from}
        to={view.to}
        color="#3b82f6"
      />
    ),
    'purchases-per-minute': () => (
      <KpiTile
        slug="purchases-per-minute"
        label="Purchases / min"
        value={ready ? formatCount(view.purchasesPerMinute) : null}
        hint="purchase events in the last 60 s"
        spark={view.purchases[0]?.points ?? noPoints}
        from={view.from}
        to={view.to}
        color={colorOfType('purchase')}
      />
    ),
    'revenue-per-minute': () => (
      <KpiTile
        slug="revenue-per-minute"
        label="Revenue / min"
        value={revenueReady && revenue.lastMinute !== null ? formatRevenue(revenue.lastMinute) : null}
        hint={hintFor(revenue.status, revenueMetric, 'sum of purchase values, last 60 s')}
        spark={revenue.perSecond}
        from={view.from}
        to={view.to}
        color={revenueColor}
        absent={revenue.status === 'absent' || revenue.status === 'error'}
      />
    ),
    'errors-per-second': () => (
      <KpiTile
        slug="errors-per-second"
        label="API errors / s"
        value={ready ? formatRate(view.errorsPerSecond) : null}
        hint="api_error, avg of the last 10 s"
        spark={view.errors[0]?.points ?? noPoints}
        from={view.from}
        to={view.to}
        color={colorOfType('api_error')}
        tone={view.errorsPerSecond > 0 ? 'bad' : 'normal'}
      />
    ),
    'latency-p95': () => (
      <KpiTile
        slug="latency-p95"
        label="API p95 latency"
        value={latencyReady ? (latency.p95 === null ? '—' : formatLatency(latency.p95)) : null}
        hint={hintFor(
          latency.status,
          latencyMetric,
          latencyReady && latency.p95 === null
            ? 'no API requests in the last minute'
            : 'p95 over the last 60 s, every 5 s',
        )}
        spark={latency.perSecond}
        from={view.from}
        to={view.to}
        color={latencyColor}
        absent={latency.status === 'absent' || latency.status === 'error'}
        sparkZeroFill={false}
      />
    ),
    'active-types': () => (
      <KpiTile
        slug="active-types"
        label="Active event types"
        value={ready ? formatCount(view.activeTypeCount) : null}
        hint="types seen in the last 5 min"
        spark={view.activeTypes}
        from={view.from}
        to={view.to}
        color="#a855f7"
      />
    ),
  };

  /** A per-second area chart of one event type, with the deploy markers. */
  const typeChart = (
    slug: string,
    title: string,
    type: string,
    series: ComponentProps<typeof TimeSeriesChart>['series'],
    empty: string,
  ) => (
    <TimeSeriesChart
      title={title}
      slug={slug}
      description={`Events of type ${type}.`}
      series={series}
      from={view.from}
      to={view.to}
      zeroFill
      showLegend={false}
      area
      markers={view.deploys}
      formatValue={formatPerSecond}
      emptyMessage={emptyOr(empty)}
    />
  );

  const builtInCharts: Record<string, () => ReactNode> = {
    'events-by-type': () => (
      <div className="chart-wide">
        <TimeSeriesChart
          title="Events per second by type"
          slug="events-by-type"
          description="One line per event type; dashed lines mark deploys."
          series={view.byType}
          from={view.from}
          to={view.to}
          zeroFill
          showLegend
          markers={view.deploys}
          formatValue={formatPerSecond}
          height={320}
          emptyMessage={emptyOr('No events in the last 5 minutes.')}
        />
      </div>
    ),
    purchases: () =>
      typeChart(
        'purchases',
        'Purchases per second',
        'purchase',
        view.purchases,
        'No purchases in the last 5 minutes. Send events of type purchase to see them here.',
      ),
    errors: () =>
      typeChart(
        'errors',
        'API errors per second',
        'api_error',
        view.errors,
        'No API errors in the last 5 minutes.',
      ),
    revenue: () => (
      <TimeSeriesChart
        title="Revenue per minute"
        slug="revenue"
        description="Sum of purchase values per minute, last hour; the current minute fills in live."
        series={revenueSeries}
        from={revenue.minutesFrom}
        to={view.to}
        stepMs={60_000}
        zeroFill
        showLegend={false}
        area
        markers={view.deploys}
        formatValue={formatRevenue}
        emptyMessage={emptyFor(
          revenue.status,
          revenueMetric,
          'Loading the last hour…',
          'No revenue in the last hour. Send purchase events with a value to see it here.',
        )}
      />
    ),
    'latency-p95': () => (
      <TimeSeriesChart
        title="API latency p95 (ms)"
        slug="latency-p95"
        description="95th percentile of api_request latency in each second, live."
        series={latencySeries}
        from={view.from}
        to={view.to}
        showLegend={false}
        markers={view.deploys}
        formatValue={formatLatency}
        emptyMessage={emptyFor(
          latency.status,
          latencyMetric,
          'Loading the last 5 minutes…',
          'No API requests in the last 5 minutes. Send api_request events with the latency as value.',
        )}
      />
    ),
  };

  const renderPanel = (kind: 'kpis' | 'charts', id: string) => {
    const name = metricOfPanel(id);
    if (name === null) return (kind === 'kpis' ? builtInTiles : builtInCharts)[id]?.() ?? null;
    // undefined while the catalogue loads, null when the metric is not (or no longer) in it.
    const metric = catalogue.data ? (catalogue.data.find((m) => m.name === name) ?? null) : undefined;
    const props = { metric, name, now, windowMs };
    return kind === 'kpis' ? <MetricKpiTile {...props} /> : <MetricChart {...props} />;
  };

  const finish = (message: string) => {
    setDraft(null);
    setNotice(message);
  };
  const startCustomizing = () => {
    change.reset();
    setNotice('');
    setDraft({ kpis: [...layout.data.kpis], charts: [...layout.data.charts] });
  };

  return (
    <div className="overview">
      <header className="page-header">
        <div>
          <h1 className="page-title">Overview</h1>
          <p className="page-subtitle">All events, last 5 minutes, 1-second buckets, updated live.</p>
        </div>
        <div className={styles.tools}>
          <p className="muted" role="status" data-testid="overview-layout-notice">
            {notice}
          </p>
          {draft === null && (
            <button
              type="button"
              className="button"
              onClick={startCustomizing}
              data-testid="overview-customize-button"
            >
              Customize
            </button>
          )}
        </div>
      </header>

      {draft !== null && (
        <CustomizePanel
          draft={draft}
          onChange={setDraft}
          metrics={catalogue.data}
          isAdmin={isAdmin}
          busy={change.isPending}
          error={change.error}
          onSave={() =>
            change.mutate(
              { kind: 'save', layout: draft },
              { onSuccess: () => finish('Your layout is saved.') },
            )
          }
          onSaveTeam={() =>
            change.mutate(
              { kind: 'save-team', layout: draft },
              {
                onSuccess: (answer) =>
                  finish(
                    answer.source === 'user'
                      ? 'Saved as the team default. You still see your own layout: reset to use the team default.'
                      : 'Saved as the team default: everyone without a layout of their own sees it.',
                  ),
              },
            )
          }
          onReset={() =>
            change.mutate({ kind: 'reset' }, { onSuccess: () => finish('Back to the team default.') })
          }
          onCancel={() => finish('')}
        />
      )}

      {live.isError && (
        <div className="banner banner-error" role="alert">
          <span>
            Could not load the last 5 minutes:{' '}
            {live.error instanceof ApiError ? live.error.message : 'the server did not answer'}. Live updates
            still appear as they arrive.
          </span>
          <button type="button" className="button" onClick={() => void live.refetch()}>
            Retry
          </button>
        </div>
      )}

      {empty && <NoEventsYet />}

      {shown.kpis.length > 0 && (
        <section className="kpi-row" aria-label="Key figures" data-testid="overview-kpis">
          {shown.kpis.map((id) => (
            <Fragment key={id}>{renderPanel('kpis', id)}</Fragment>
          ))}
        </section>
      )}

      {shown.charts.length > 0 && (
        <div className="chart-grid" data-testid="overview-charts">
          {shown.charts.map((id) => (
            <Fragment key={id}>{renderPanel('charts', id)}</Fragment>
          ))}
        </div>
      )}
    </div>
  );
}
