'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment, useEffect, useRef, useState } from 'react';
import { failureReason, getJson } from '@/components/api/fetch-json';
import { PageHeader } from '@/components/console/page-header';
import { DataTable, EmptyRow, ErrorBanner } from '@/components/lists/list-panel';
import { useHasRole } from '@/components/auth/actor-context';
import { KpiTile } from '@/components/overview/kpi-tile';
import { appendSample, sparkOf, type PipelineSample } from './pipeline-history';
import { useTimeFormat } from '@/components/time/time-zone';
import type { PipelineHealth } from '@/contracts/responses/system';

const pollMs = 2_000;

function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
const count = (n: number) => new Intl.NumberFormat().format(n);
const rate = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : n < 10 ? n.toFixed(1) : count(Math.round(n));

function usePipeline(enabled: boolean) {
  return useQuery({
    queryKey: ['system', 'pipeline'] as const,
    queryFn: ({ signal }) => getJson<PipelineHealth>('/api/v1/system/pipeline', signal),
    refetchInterval: pollMs,
    refetchIntervalInBackground: false,
    enabled,
  });
}

/** Keeps the polls of this page visit (client-side only) for the sparklines. */
function useHistory(data: PipelineHealth | undefined): PipelineSample[] {
  const [history, setHistory] = useState<PipelineSample[]>([]);
  const previous = useRef<PipelineHealth | null>(null);
  useEffect(() => {
    if (!data) return;
    const before = previous.current;
    previous.current = data;
    setHistory((h) => appendSample(h, data, before));
  }, [data]);
  return history;
}

/** Pipeline health: the system watching itself, re-read every 2 s (operators and admins). */
export function PipelineHealthView() {
  const allowed = useHasRole('operator');
  const time = useTimeFormat();
  const pipeline = usePipeline(allowed);
  const data = pipeline.data;
  const history = useHistory(data);
  const last = history[history.length - 1];
  const from = history[0]?.at ?? 0;
  const to = last?.at ?? 0;
  const ingest = data?.queues.find((q) => q.name === 'ingest');
  const staleWorkers = data?.workers.filter((w) => w.lastBeatMs > 7_000).length ?? 0;

  if (!allowed) {
    return (
      <div className="health">
        <header className="page-header">
          <h1 className="page-title">Pipeline</h1>
        </header>
        <p className="banner">
          The pipeline page is for operators and admins. Ask an admin for the operator role.
        </p>
      </div>
    );
  }

  const tile = (
    slug: string,
    label: string,
    value: string | null,
    hint: string,
    pick: (s: PipelineSample) => number | null,
    color: string,
    bad = false,
  ) => (
    <KpiTile
      slug={slug}
      label={label}
      value={data ? value : null}
      hint={hint}
      spark={sparkOf(history, pick)}
      from={from}
      to={to}
      color={color}
      tone={bad ? 'bad' : 'normal'}
      sparkZeroFill={false}
    />
  );

  return (
    <div className="health">
      <PageHeader
        title="Pipeline"
        subtitle="Ingest, queues, workers, database and notifications, re-read every 2 s. Sparklines cover this visit."
      >
        {data && (
          <span className="muted" data-testid="pipeline-updated">
            updated {time.clock(data.at)}
          </span>
        )}
      </PageHeader>

      {pipeline.isError && (
        <ErrorBanner>
          <span>Could not read the pipeline: {failureReason(pipeline.error)}. Retrying every 2 s.</span>
        </ErrorBanner>
      )}
      {data && !data.redis.ok && (
        <ErrorBanner>
          Redis is unreachable: {data.redis.error ?? 'no answer'}. Queue figures are missing.
        </ErrorBanner>
      )}
      {data && data.failingChannels.length > 0 && (
        <ErrorBanner>
          <span data-testid="pipeline-failing-channels">
            {data.failingChannels.length === 1
              ? 'A channel’s last delivery failed'
              : `${data.failingChannels.length} channels’ last deliveries failed`}
            :{' '}
            {data.failingChannels.map((c, i) => (
              <Fragment key={c.id}>
                {i > 0 && '; '}
                <Link href="/notifications">{c.name}</Link> (
                {c.statusCode === null ? '' : `HTTP ${c.statusCode}, `}
                {c.status} {time.moment(c.at)})
              </Fragment>
            ))}
            . Fix the target, then use Send test on the Notifications page.
          </span>
        </ErrorBanner>
      )}
      {data && data.failingRules.length > 0 && (
        <ErrorBanner>
          <span data-testid="pipeline-failing-rules">
            {data.failingRules.length === 1 ? 'A rule cannot' : `${data.failingRules.length} rules cannot`} be
            evaluated, so {data.failingRules.length === 1 ? 'it does' : 'they do'} not fire:{' '}
            {data.failingRules.map((r, i) => (
              <Fragment key={r.id}>
                {i > 0 && '; '}
                <Link href={r.kind === 'rule' ? `/rules?rule=${encodeURIComponent(r.id)}` : '/surges'}>
                  {r.kind === 'surge' ? `surge rule ${r.name}` : r.name}
                </Link>{' '}
                ({r.error}, since {time.moment(r.since)})
              </Fragment>
            ))}
          </span>
        </ErrorBanner>
      )}

      <section className="kpi-row health-tiles" aria-label="Pipeline figures">
        {tile(
          'ingest-rate',
          'Ingest / s',
          rate(last?.ingestRate),
          'events accepted by this web process',
          (s) => s.ingestRate,
          '#3b82f6',
        )}
        {tile(
          'accepted',
          'Accepted',
          data ? count(data.web.accepted) : null,
          `since this web process started · rejected ${data ? count(data.web.rejected) : '—'} (line: rejected / s)`,
          (s) => s.rejectedRate,
          '#16a34a',
        )}
        {tile(
          'duplicates',
          'Duplicates, last min',
          data ? count(data.recent.duplicates) : null,
          `of ${data ? count(data.recent.processed) : '—'} processed by the workers, ${data ? count(data.recent.stored) : '—'} stored once`,
          (s) => s.duplicates,
          '#a855f7',
        )}
        {tile(
          'late',
          'Late, last min',
          data ? count(data.recent.late) : null,
          'stored, past the allowed lateness',
          (s) => s.late,
          '#f97316',
          (data?.recent.late ?? 0) > 0,
        )}
        {tile(
          'backlog',
          'Ingest backlog',
          ingest ? count(ingest.waiting + ingest.active) : null,
          `batches waiting or running · oldest ${formatMs(last?.oldestJobMs)}`,
          (s) => s.backlog,
          '#0ea5e9',
          (last?.oldestJobMs ?? 0) > 5_000,
        )}
        {tile(
          'workers',
          'Workers',
          data ? String(data.workers.length) : null,
          `slowest heartbeat ${formatMs(last?.maxBeatMs)} ago`,
          (s) => s.maxBeatMs,
          '#64748b',
          data !== undefined && (data.workers.length === 0 || staleWorkers > 0),
        )}
        {tile(
          'commit',
          'DB commit',
          formatMs(data?.database.commitMs),
          'one committed write, round trip',
          (s) => s.commitMs,
          '#14b8a6',
        )}
        {tile(
          'freshness',
          'Metrics lag',
          formatMs(data?.database.newestPointMs),
          'age of the newest events point',
          (s) => s.newestPointMs,
          '#eab308',
        )}
        {tile(
          'notification-failures',
          'Notification failures',
          data ? count(data.notifications.failedLastHour + data.notifications.deadLastHour) : null,
          `failed ${data?.notifications.failedLastHour ?? '—'}, dead ${data?.notifications.deadLastHour ?? '—'} in the last hour · ${data?.notifications.pending ?? '—'} on the way`,
          (s) => s.notificationFailures,
          '#dc2626',
          (data?.notifications.deadLastHour ?? 0) > 0,
        )}
      </section>

      <div className="reports-grid">
        <section className="panel" aria-label="Queues">
          <header className="panel-header">
            <h2 className="panel-title">Queues</h2>
          </header>
          {/* Focusable, so a keyboard can scroll the table when it overflows its half of the grid. */}
          <DataTable
            testId="pipeline-queues"
            focusable
            columns={['Queue', 'Waiting', 'Active', 'Delayed', 'Dead-lettered', 'Oldest waiting']}
          >
            {data?.queues.map((q) => (
              <tr key={q.name} data-queue={q.name}>
                <th scope="row">{q.name}</th>
                <td>{count(q.waiting)}</td>
                <td>{count(q.active)}</td>
                <td>{count(q.delayed)}</td>
                <td>{count(q.failed)}</td>
                <td>{formatMs(q.oldestWaitingMs)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
        <section className="panel" aria-label="Workers">
          <header className="panel-header">
            <h2 className="panel-title">Worker heartbeats</h2>
          </header>
          <DataTable testId="pipeline-workers" focusable columns={['Worker', 'Last heartbeat']}>
            {data?.workers.map((w) => (
              <tr key={w.id} data-stale={w.lastBeatMs > 7_000}>
                <th scope="row">{w.id}</th>
                <td>{formatMs(w.lastBeatMs)} ago</td>
              </tr>
            ))}
            <EmptyRow show={data?.workers.length === 0} colSpan={2}>
              No worker has a live heartbeat: events are queued but not processed. Start one with npm start.
            </EmptyRow>
          </DataTable>
        </section>
      </div>
    </div>
  );
}
