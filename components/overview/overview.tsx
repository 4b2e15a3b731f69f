'use client';

import { useMemo } from 'react';
import { ApiError } from '@/components/api/fetch-json';
import { TimeSeriesChart, type ChartSeries } from '@/components/charts/time-series-chart';
import { seriesInWindow, type PlotSeries, type SeriesData } from '@/components/realtime/series-data';
import { useLiveSeries } from '@/components/realtime/socket';
import { useNow } from '@/components/realtime/use-now';
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
import { colorOfType } from './type-colors';

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

/** The Overview: live KPI tiles and charts over the built-in `events` metric, grouped by type. */
export function Overview() {
  const live = useLiveSeries({ name: 'events', groupBy: eventTypeDimensions, windowMs });
  const now = useNow();
  const view = useMemo(() => buildView(live.data, now), [live.data, now]);
  const ready = now > 0 && live.data !== undefined;
  const loadingMessage = live.isError ? 'The history could not be loaded.' : 'Loading the last 5 minutes…';
  const emptyOr = (message: string) => (ready ? message : loadingMessage);

  return (
    <div className="overview">
      <header className="page-header">
        <div>
          <h1 className="page-title">Overview</h1>
          <p className="page-subtitle">All events, last 5 minutes, 1-second buckets, updated live.</p>
        </div>
      </header>

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

      {ready && view.byType.length === 0 && <NoEventsYet />}

      <section className="kpi-row" aria-label="Key figures">
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
      </section>

      <div className="chart-grid">
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
        <TimeSeriesChart
          title="Purchases per second"
          slug="purchases"
          description="Events of type purchase."
          series={view.purchases}
          from={view.from}
          to={view.to}
          zeroFill
          showLegend={false}
          area
          markers={view.deploys}
          formatValue={formatPerSecond}
          emptyMessage={emptyOr(
            'No purchases in the last 5 minutes. Send events of type purchase to see them here.',
          )}
        />
        <TimeSeriesChart
          title="API errors per second"
          slug="errors"
          description="Events of type api_error."
          series={view.errors}
          from={view.from}
          to={view.to}
          zeroFill
          showLegend={false}
          area
          markers={view.deploys}
          formatValue={formatPerSecond}
          emptyMessage={emptyOr('No API errors in the last 5 minutes.')}
        />
      </div>
    </div>
  );
}
