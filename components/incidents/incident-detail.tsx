'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { IncidentNotificationSync } from '@/components/notifications/incident-notification-sync';
import { describeNotificationEntry } from '@/components/notifications/timeline-entry';
import { useRule } from '@/components/rules/rule-api';
import { SurgeIncidentChart } from '@/components/surge/surge-incident-chart';
import { commentInputSchema } from '@/core/services/incidents/schemas';
import { AckPrompt } from './ack-prompt';
import { AlertChart } from './alert-chart';
import { SilencedBadge } from '@/components/silences/silenced-badge';
import { SeverityBadge, StatusBadge } from './badges';
import {
  applyIncidentToCache,
  describeSeries,
  formatNumber,
  formatTime,
  incidentAction,
  incidentDetailKey,
  incidentPath,
  useIncidentDetail,
  type IncidentTimelineEntry,
  type IncidentView,
} from './incident-api';
import { useMetricWindow } from './metric-window';
import { SilenceButton } from './silence-button';

const halfHourMs = 30 * 60_000;

function describeEntry(entry: IncidentTimelineEntry): string {
  const data = entry.data;
  if (entry.kind === 'comment' && typeof data.text === 'string') return data.text;
  if (entry.kind === 'notification') return describeNotificationEntry(data);
  const bits = Object.entries(data)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`);
  return bits.join(' · ');
}

function IncidentChart({ incident }: { incident: IncidentView }) {
  const rule = useRule(incident.ruleId);
  const opened = Date.parse(incident.openedAt);
  const resolved = incident.resolvedAt ? Date.parse(incident.resolvedAt) : null;
  // ±30 minutes around the incident; an open one ends now (re-read each minute).
  const [now] = useState(() => Date.now());
  const from = opened - halfHourMs;
  const to = Math.min((resolved ?? now) + halfHourMs, Math.max(now, opened + 60_000));
  const window = useMetricWindow({
    metric: rule.data?.metric ?? null,
    groupBy: rule.data?.groupBy ?? [],
    from,
    to,
    step: '10s',
    only: incident.series,
    refetchIntervalMs: resolved === null ? 5_000 : undefined,
  });
  const areas = useMemo(
    () => [{ from: opened, to: resolved ?? Math.max(now, opened), label: incident.status }],
    [opened, resolved, now, incident.status],
  );
  const lines = window.data ?? [];
  const surgeRuleId = incident.surgeRuleId;
  if (surgeRuleId) return <SurgeIncidentChart incident={{ ...incident, surgeRuleId }} />;
  if (!incident.ruleId) return <p className="muted">The rule was deleted: no metric to chart.</p>;
  return (
    <AlertChart
      title={rule.data ? `${rule.data.metric} around the incident` : 'Metric around the incident'}
      slug="incident"
      lines={lines}
      from={from}
      to={to}
      threshold={incident.threshold}
      areas={areas}
      description="10-second buckets, ±30 minutes; shaded while the incident was open."
      emptyMessage={window.isPending ? 'Loading…' : 'No data in this range.'}
    />
  );
}

function CommentBox({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const fieldId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = commentInputSchema.safeParse({ text });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'invalid comment');
      return;
    }
    setPending(true);
    setError('');
    try {
      await sendJson('POST', incidentPath(id, '/comments'), parsed.data);
      setText('');
      await queryClient.invalidateQueries({ queryKey: incidentDetailKey(id), exact: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not add the comment.');
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="comment-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field field-wide">
        <label htmlFor={fieldId}>Comment</label>
        <textarea
          id={fieldId}
          rows={3}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        {error && (
          <p id={`${fieldId}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Adding…' : 'Add comment'}
        </button>
      </div>
    </form>
  );
}

/** One incident: facts, actions (operators and admins), the metric around it, timeline and comments. */
export function IncidentDetailView({ id, userId }: { id: string; userId: string | null }) {
  const detail = useIncidentDetail(id);
  const canAct = useHasRole('operator');
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState('');

  async function run(label: string, action: () => Promise<void>) {
    setBusy(label);
    setActionError('');
    try {
      await action();
    } catch (error) {
      setActionError(error instanceof ApiError ? error.message : `Could not ${label}.`);
    } finally {
      setBusy(null);
    }
  }

  async function assign(to: string | null) {
    const updated = await sendJson<IncidentView>('POST', incidentPath(id, '/assign'), { userId: to });
    if (updated && typeof updated.id === 'string') applyIncidentToCache(queryClient, updated);
    await queryClient.invalidateQueries({ queryKey: incidentDetailKey(id), exact: true });
  }

  if (detail.isError) {
    return (
      <div className="banner banner-error" role="alert">
        <span>
          Could not load the incident:{' '}
          {detail.error instanceof ApiError ? detail.error.message : 'the server did not answer'}.
        </span>
        <Link href="/incidents" className="button">
          Back to incidents
        </Link>
      </div>
    );
  }
  const incident = detail.data;
  if (!incident) return <p aria-busy="true">Loading incident…</p>;

  return (
    <div className="metrics-page incident-detail" data-testid="incident-detail" data-status={incident.status}>
      <header className="page-header">
        <div>
          <p className="cell-note">
            <Link href="/incidents">← Incidents</Link>
          </p>
          <h1 className="page-title">{incident.title}</h1>
          <p className="page-subtitle">
            <SeverityBadge severity={incident.severity} /> <StatusBadge status={incident.status} />{' '}
            {incident.flapping && <span className="badge">flapping</span>}{' '}
            <SilencedBadge ruleId={incident.ruleId} labels={incident.labels} series={incident.series} />
          </p>
        </div>
        {canAct && (
          <div className="cell-actions" data-testid="incident-actions">
            {incident.status === 'triggered' && (
              <button
                type="button"
                className="button button-primary"
                disabled={busy !== null}
                onClick={() => void run('acknowledge', () => incidentAction(id, 'ack', queryClient))}
              >
                Acknowledge
              </button>
            )}
            {incident.status !== 'resolved' && (
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                onClick={() => void run('resolve', () => incidentAction(id, 'resolve', queryClient))}
              >
                Resolve
              </button>
            )}
            {userId && incident.assignee?.id !== userId && (
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                onClick={() => void run('assign', () => assign(userId))}
              >
                Assign to me
              </button>
            )}
            {incident.assignee && (
              <button
                type="button"
                className="button button-ghost"
                disabled={busy !== null}
                onClick={() => void run('unassign', () => assign(null))}
              >
                Unassign
              </button>
            )}
            {incident.ruleId && (
              <SilenceButton
                ruleId={incident.ruleId}
                series={incident.series}
                target={`incident ${incident.title}`}
                size="regular"
              />
            )}
          </div>
        )}
      </header>
      {actionError && (
        <div className="banner banner-error" role="alert">
          {actionError}
        </div>
      )}
      <AckPrompt incident={incident} />
      <IncidentNotificationSync incidentId={id} resolvedAt={incident.resolvedAt} />

      <section className="panel" aria-labelledby="incident-facts-title">
        <header className="panel-header">
          <h2 id="incident-facts-title" className="panel-title">
            Details
          </h2>
        </header>
        <dl className="metric-facts incident-facts panel-body">
          <dt>{incident.surgeRuleId ? 'Surge rule' : 'Rule'}</dt>
          <dd data-testid="incident-rule">
            {incident.surgeRuleId ? (
              <Link href={`/surges?rule=${encodeURIComponent(incident.surgeRuleId)}`}>
                {incident.ruleName}
              </Link>
            ) : (
              incident.ruleName
            )}
          </dd>
          {describeSeries(incident.series) && (
            <>
              <dt>Series</dt>
              <dd>
                <code>{describeSeries(incident.series)}</code>
              </dd>
            </>
          )}
          <dt>Value / threshold</dt>
          <dd data-testid="incident-value">
            {formatNumber(incident.value)} / {formatNumber(incident.threshold)}
          </dd>
          <dt>Opened</dt>
          <dd>
            <time dateTime={incident.openedAt}>{formatTime(incident.openedAt)}</time>
          </dd>
          <dt>Acknowledged</dt>
          <dd>
            {formatTime(incident.acknowledgedAt)}
            {incident.acknowledgedBy && ` by ${incident.acknowledgedBy.email}`}
          </dd>
          <dt>Resolved</dt>
          <dd>
            {formatTime(incident.resolvedAt)}
            {incident.resolvedBy === 'auto'
              ? ' (automatically)'
              : incident.resolvedBy && ` by ${incident.resolvedBy.email}`}
          </dd>
          <dt>Assignee</dt>
          <dd data-testid="incident-assignee">{incident.assignee?.email ?? '—'}</dd>
          {incident.runbookUrl && (
            <>
              <dt>Runbook</dt>
              <dd>
                <a href={incident.runbookUrl} target="_blank" rel="noreferrer">
                  {incident.runbookUrl}
                </a>
              </dd>
            </>
          )}
        </dl>
      </section>

      <IncidentChart incident={incident} />

      <section className="panel" aria-labelledby="incident-timeline-title">
        <header className="panel-header">
          <h2 id="incident-timeline-title" className="panel-title">
            Timeline
          </h2>
          <p className="panel-description">
            Notification attempts are listed here and in the{' '}
            <Link href={`/notifications?tab=deliveries&incident=${encodeURIComponent(id)}`}>
              delivery log
            </Link>
            .
          </p>
        </header>
        <div className="panel-body">
          <ol className="timeline" data-testid="incident-timeline">
            {incident.timeline.map((entry) => (
              <li key={entry.id} className="timeline-entry" data-kind={entry.kind}>
                <time dateTime={entry.at}>{formatTime(entry.at)}</time>{' '}
                <strong>{entry.kind.replaceAll('_', ' ')}</strong>
                {entry.actor && <span className="muted"> · {entry.actor.email}</span>}
                {describeEntry(entry) && <div className="timeline-text">{describeEntry(entry)}</div>}
              </li>
            ))}
          </ol>
          {canAct && <CommentBox id={id} />}
        </div>
      </section>
    </div>
  );
}
