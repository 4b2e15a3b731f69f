'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { formatMetricValue } from '@/components/metrics/format';
import { IncidentNotificationSync } from '@/components/notifications/incident-notification-sync';
import { SurgeIncidentChart } from '@/components/surge/surge-incident-chart';
import { commentInputSchema } from '@/core/services/incidents/schemas';
import { AckPrompt } from './ack-prompt';
import { AssignPicker } from './assign-picker';
import { SilencedBadge } from '@/components/silences/silenced-badge';
import { useTimeFormat } from '@/components/time/time-zone';
import { SeverityBadge, StatusBadge } from './badges';
import { EvaluationChart, useIncidentEvaluation } from './evaluation-chart';
import {
  applyIncidentToCache,
  describeSeries,
  incidentAction,
  incidentDetailKey,
  incidentPath,
  useIncidentDetail,
  type IncidentDetail,
  type IncidentView,
} from './incident-api';
import { ResolveButton } from './resolve-dialog';
import { SilenceButton } from './silence-button';
import { describeTimelineEntry, personName } from './timeline-words';

function IncidentChart({ incident }: { incident: IncidentView }) {
  const surgeRuleId = incident.surgeRuleId;
  if (surgeRuleId) return <SurgeIncidentChart incident={{ ...incident, surgeRuleId }} />;
  if (!incident.ruleId) return <p className="muted">The rule was deleted: no metric to chart.</p>;
  return <EvaluationChart incident={incident} />;
}

/** The timeline in words, from its structured entries: names, the reader's zone, values with their unit. */
function Timeline({ incident }: { incident: IncidentDetail }) {
  // The evaluation carries the unit and comparison of the rule's value (shared with the chart's query).
  const evaluation = useIncidentEvaluation(incident);
  const time = useTimeFormat();
  const wording = {
    people: incident.people,
    unit: evaluation.data?.unit ?? '',
    op: evaluation.data?.rule.op ?? null,
    timeZone: time.zone,
  };
  return (
    <ol className="timeline" data-testid="incident-timeline">
      {incident.timeline.map((entry) => {
        const worded = describeTimelineEntry(entry, wording);
        return (
          <li key={entry.id} className="timeline-entry" data-kind={entry.kind}>
            <time dateTime={entry.at}>{time.dateTime(entry.at)}</time> <strong>{worded.sentence}</strong>
            {worded.text && <div className="timeline-text">{worded.text}</div>}
          </li>
        );
      })}
    </ol>
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

/** The value and threshold the engine recorded, in the unit of the rule's value. */
function ValueFacts({ incident }: { incident: IncidentView }) {
  const evaluation = useIncidentEvaluation(incident);
  const unit = evaluation.data?.unit ?? '';
  return (
    <>
      {formatMetricValue(incident.value, unit)} / {formatMetricValue(incident.threshold, unit)}
    </>
  );
}

/** One incident: facts, actions (operators and admins), the metric around it, timeline and comments. */
export function IncidentDetailView({ id, userId }: { id: string; userId: string | null }) {
  const detail = useIncidentDetail(id);
  const canAct = useHasRole('operator');
  const time = useTimeFormat();
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
        {/* Acknowledge / Resolve / Silence: on a phone, a bar along the bottom of the screen, in thumb reach. */}
        {canAct && (
          <div className="cell-actions incident-actions" data-testid="incident-actions">
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
            {incident.status !== 'resolved' && <ResolveButton incident={incident} disabled={busy !== null} />}
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
        {canAct && (
          <div className="cell-actions">
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
            <AssignPicker
              current={incident.assignee}
              disabled={busy !== null}
              onAssign={(to) => run(to ? 'assign' : 'unassign', () => assign(to))}
            />
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
            <ValueFacts incident={incident} />
          </dd>
          <dt>Opened</dt>
          <dd>
            <time dateTime={incident.openedAt}>{time.dateTime(incident.openedAt)}</time>
          </dd>
          <dt>Acknowledged</dt>
          <dd>
            {time.dateTime(incident.acknowledgedAt)}
            {incident.acknowledgedBy && ` by ${personName(incident.acknowledgedBy)}`}
          </dd>
          <dt>Resolved</dt>
          <dd>
            {time.dateTime(incident.resolvedAt)}
            {incident.resolvedBy === 'auto'
              ? ' (automatically)'
              : incident.resolvedBy && ` by ${personName(incident.resolvedBy)}`}
          </dd>
          <dt>Assignee</dt>
          <dd data-testid="incident-assignee">{incident.assignee ? personName(incident.assignee) : '—'}</dd>
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
          <Timeline incident={incident} />
          {canAct && <CommentBox id={id} />}
        </div>
      </section>
    </div>
  );
}
