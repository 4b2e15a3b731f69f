'use client';

import { useMemo, useState } from 'react';
import { ApiError, failureReason } from '@/components/api/fetch-json';
import { PageHeader } from '@/components/console/page-header';
import { choicesOf, FilterField } from '@/components/forms/inputs';
import { DataTable, EmptyRow, ErrorBanner } from '@/components/lists/list-panel';
import { TimeSeriesChart, type ChartSeries } from '@/components/charts/time-series-chart';
import { KpiTile } from '@/components/overview/kpi-tile';
import { colorOfType } from '@/components/overview/type-colors';
import { useLiveSeries } from '@/components/realtime/socket';
import { useNow } from '@/components/realtime/use-now';
import { sentimentMetricNames } from '@/lib/sentiment/metrics';
import { useNegativeFeed, useRisingTerms, type FeedThreshold, type NegativeText } from './sentiment-api';
import { buildTrend, type TrendFilters, type TrendGrouping } from './trend';
import { useTimeFormat } from '@/components/time/time-zone';

const ranges = {
  '5m': { label: 'Last 5 minutes', ms: 5 * 60_000, bucketMs: 10_000 },
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000, bucketMs: 30_000 },
  '1h': { label: 'Last hour', ms: 60 * 60_000, bucketMs: 60_000 },
} as const;
type RangeKey = keyof typeof ranges;
const rangeChoices = (Object.keys(ranges) as RangeKey[]).map((value) => ({
  value,
  label: ranges[value].label,
}));
const groupingChoices: readonly { value: TrendGrouping; label: string }[] = [
  { value: 'source', label: 'Source' },
  { value: 'topic', label: 'Topic' },
];

// Stored by every dimension, merged on the page: any split and filter is exact (see trend.ts).
const allDimensions = ['source', 'topic', 'type'] as const;
const noFilters: TrendFilters = { source: '', topic: '', type: '' };

const formatScore = (v: number) => (v >= 0 ? `+${v.toFixed(2)}` : v.toFixed(2));
const formatShare = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
const formatPercent = (v: number) => `${v.toFixed(0)}%`;
const scoreRange = [-1, 1] as const;
const percentRange = [0, 100] as const;

function eventHref(text: NegativeText): string {
  const params = new URLSearchParams({ source: text.source, type: text.type, from: text.ts, to: text.ts });
  return `/api/v1/events?${params.toString()}`;
}

/**
 * The Sentiment page: live trend of the average score and negative share per source or topic, the most
 * negative recent texts as they arrive, and the terms rising in negative texts.
 */
export function SentimentPage() {
  const time = useTimeFormat();
  const [rangeKey, setRangeKey] = useState<RangeKey>('15m');
  const [grouping, setGrouping] = useState<TrendGrouping>('source');
  const [filters, setFilters] = useState<TrendFilters>(noFilters);
  const [threshold, setThreshold] = useState<FeedThreshold>('-0.5');
  const range = ranges[rangeKey];
  const now = useNow();

  const live = { groupBy: allDimensions, windowMs: range.ms };
  const average = useLiveSeries({ name: sentimentMetricNames.average, ...live });
  const share = useLiveSeries({ name: sentimentMetricNames.negativeShare, ...live });
  const volume = useLiveSeries({ name: sentimentMetricNames.volume, ...live });
  const trend = useMemo(
    () =>
      buildTrend(average.data, share.data, volume.data, {
        grouping,
        filters,
        from: now - range.ms,
        to: now,
        bucketMs: range.bucketMs,
      }),
    [average.data, share.data, volume.data, grouping, filters, now, range],
  );
  const feed = useNegativeFeed(filters, threshold);
  const terms = useRisingTerms(filters);

  const seriesOf = (pick: 'average' | 'share'): ChartSeries[] =>
    trend.lines.map((line) => ({
      id: line.key,
      name: line.key,
      color: colorOfType(line.key),
      points: line.points.map((p) => [p.ts, pick === 'share' ? p.share * 100 : p.average] as const),
    }));
  const averageSeries = seriesOf('average');
  const shareSeries = seriesOf('share');
  const spark = (pick: 'average' | 'share' | 'texts') => {
    const byTs = new Map<number, { v: number; n: number }>();
    for (const line of trend.lines) {
      for (const p of line.points) {
        const e = byTs.get(p.ts) ?? { v: 0, n: 0 };
        e.v += (pick === 'texts' ? 1 : pick === 'share' ? p.share : p.average) * p.texts;
        e.n += p.texts;
        byTs.set(p.ts, e);
      }
    }
    return [...byTs]
      .sort((a, b) => a[0] - b[0])
      .map(([ts, e]) => [ts, pick === 'texts' ? e.n : e.v / e.n] as const);
  };
  const loading = average.isPending || share.isPending || volume.isPending;
  const loadError = average.error ?? share.error ?? volume.error;
  const ready = now > 0 && !loading;
  const empty = ready ? 'No texts in this range yet.' : 'Loading…';
  const setFilter = (key: keyof TrendFilters, value: string) => setFilters((f) => ({ ...f, [key]: value }));
  const choices = (key: keyof TrendFilters) =>
    [...new Set([...trend.seen[key], ...(filters[key] ? [filters[key]] : [])])].sort();

  return (
    <div className="sentiment-page">
      <PageHeader
        title="Sentiment"
        subtitle="Every text scored on arrival (−1 very negative … +1 very positive). Updates live."
      />

      <form className="filter-bar" aria-label="Sentiment filters" onSubmit={(e) => e.preventDefault()}>
        <FilterField
          id="sentiment-range"
          label="Range"
          value={rangeKey}
          choices={rangeChoices}
          onChange={setRangeKey}
        />
        <FilterField
          id="sentiment-grouping"
          label="Split by"
          value={grouping}
          choices={groupingChoices}
          onChange={setGrouping}
        />
        {(['source', 'topic', 'type'] as const).map((key) => (
          <FilterField
            key={key}
            id={`sentiment-filter-${key}`}
            label={key[0]!.toUpperCase() + key.slice(1)}
            all="All"
            value={filters[key]}
            choices={choicesOf(choices(key))}
            onChange={(value) => setFilter(key, value)}
          />
        ))}
      </form>

      {loadError && (
        <ErrorBanner>
          <span>
            Could not load the sentiment history: {failureReason(loadError)}. Live updates still appear as
            they arrive.
          </span>
        </ErrorBanner>
      )}

      <section className="kpi-row" aria-label="Sentiment figures">
        <KpiTile
          slug="sentiment-average"
          label="Average score"
          value={ready ? (trend.total.average !== null ? formatScore(trend.total.average) : '—') : null}
          hint={
            ready && trend.total.texts === 0
              ? 'no texts in this range yet'
              : `${range.label.toLowerCase()}, all texts in the filter`
          }
          spark={spark('average')}
          from={now - range.ms}
          to={now}
          color="#3b82f6"
          sparkZeroFill={false}
          tone={trend.total.average !== null && trend.total.average < -0.05 ? 'bad' : 'normal'}
        />
        <KpiTile
          slug="sentiment-negative-share"
          label="Negative share"
          value={ready ? (trend.total.share !== null ? formatShare(trend.total.share) : '—') : null}
          hint="texts scored ≤ −0.05"
          spark={spark('share')}
          from={now - range.ms}
          to={now}
          color="#ef4444"
          sparkZeroFill={false}
          tone={trend.total.share !== null && trend.total.share > 0.3 ? 'bad' : 'normal'}
        />
        <KpiTile
          slug="sentiment-texts"
          label="Texts"
          value={ready ? String(trend.total.texts) : null}
          hint={`scored, ${range.label.toLowerCase()}`}
          spark={spark('texts')}
          from={now - range.ms}
          to={now}
          color="#64748b"
        />
      </section>

      <div className="chart-grid">
        <TimeSeriesChart
          title={`Average score by ${grouping}`}
          slug="sentiment-average"
          series={averageSeries}
          from={now - range.ms}
          to={now}
          stepMs={range.bucketMs}
          formatValue={formatScore}
          yRange={scoreRange}
          emptyMessage={empty}
          description={`Weighted by texts, ${range.bucketMs / 1000}-second buckets`}
        />
        <TimeSeriesChart
          title={`Negative share by ${grouping}`}
          slug="sentiment-negative-share"
          series={shareSeries}
          from={now - range.ms}
          to={now}
          stepMs={range.bucketMs}
          formatValue={formatPercent}
          yRange={percentRange}
          emptyMessage={empty}
          description="Share of texts scored negative"
        />
      </div>

      <div className="sentiment-columns">
        <section className="panel" aria-labelledby="sentiment-feed-title">
          <header className="panel-header sentiment-panel-header">
            <div>
              <h2 id="sentiment-feed-title" className="panel-title">
                Most negative, latest first
              </h2>
              <p className="panel-description">Live as texts arrive; click one to open its event.</p>
            </div>
            <div className="field">
              <label htmlFor="sentiment-threshold" className="visually-hidden">
                How negative
              </label>
              <select
                id="sentiment-threshold"
                value={threshold}
                onChange={(e) => setThreshold(e.target.value as FeedThreshold)}
              >
                <option value="-0.5">Strongly negative (≤ −0.5)</option>
                <option value="-0.05">Any negative (≤ −0.05)</option>
              </select>
            </div>
          </header>
          {feed.isError && (
            <p className="table-empty" role="alert">
              Could not load the feed: {feed.error instanceof ApiError ? feed.error.message : 'no answer'}.
            </p>
          )}
          <ol className="sentiment-feed" data-testid="sentiment-feed" aria-busy={feed.isPending}>
            {(feed.data ?? []).map((t) => (
              <li key={`${t.source}:${t.id}`} className="sentiment-text" data-testid="sentiment-text">
                <a href={eventHref(t)} target="_blank" rel="noreferrer" className="sentiment-text-link">
                  {/* React escapes the text: markup in a ticket is shown, never run. */}
                  <span className="sentiment-text-body">{t.text}</span>
                </a>
                <span className="sentiment-text-meta">
                  <span className="sentiment-score" data-score={t.score}>
                    {formatScore(t.score)}
                  </span>
                  <span>{t.source}</span>
                  {t.topic && <span>{t.topic}</span>}
                  <span>{t.type}</span>
                  <time dateTime={t.ts}>{time.moment(t.ts)}</time>
                </span>
              </li>
            ))}
            {feed.data?.length === 0 && <li className="table-empty">No negative texts in the last day.</li>}
          </ol>
        </section>

        <section className="panel" aria-labelledby="sentiment-terms-title">
          <header className="panel-header">
            <h2 id="sentiment-terms-title" className="panel-title">
              Rising in negative texts
            </h2>
            <p className="panel-description">
              Share of negative texts mentioning a term: last hour against the day before
              {terms.data ? ` (${terms.data.recent.texts} vs ${terms.data.previous.texts} texts)` : ''}.
            </p>
          </header>
          <DataTable
            testId="sentiment-terms"
            busy={terms.isPending}
            columns={['Term', 'Texts', 'Last hour', 'Day before']}
          >
            {(terms.data?.terms ?? []).map((t) => (
              <tr key={t.term} data-testid="sentiment-term" data-term={t.term}>
                <th scope="row">
                  <span className="sentiment-term">{t.term}</span>
                  <span
                    className="sentiment-rise"
                    style={{ width: `${Math.max(4, Math.round(t.rise * 100))}%` }}
                    aria-hidden="true"
                  />
                </th>
                <td>{t.recentCount}</td>
                <td>{formatShare(t.recentShare)}</td>
                <td>{formatShare(t.previousShare)}</td>
              </tr>
            ))}
            <EmptyRow show={terms.data?.terms.length === 0} colSpan={4}>
              No term is rising in negative texts.
            </EmptyRow>
            <EmptyRow show={terms.isError} colSpan={4} role="alert">
              Could not load the terms.
            </EmptyRow>
          </DataTable>
        </section>
      </div>
    </div>
  );
}
