'use client';

import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '@/components/api/fetch-json';
import { PageHeader } from '@/components/console/page-header';
import { DataTable, EmptyRow, ErrorBanner } from '@/components/lists/list-panel';
import { useAudit, type AuditEntryView, type AuditFilters } from './admin-api';
import { useTimeFormat } from '@/components/time/time-zone';

const noFilters: AuditFilters = { actor: '', action: '', target: '' };

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value;
}

/** What changed: `field: from → to` for updates, `field: value` for the rest. */
export function ChangesDiff({ changes }: { changes: Record<string, unknown> }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="audit-diff">
      {entries.map(([field, value]) => (
        <div key={field} className="audit-diff-row">
          <dt>{field}</dt>
          {isChange(value) ? (
            <dd>
              <del>{show(value.from)}</del> <span aria-hidden="true">→</span>
              <span className="visually-hidden">changed to</span> <ins>{show(value.to)}</ins>
            </dd>
          ) : (
            <dd>{show(value)}</dd>
          )}
        </div>
      ))}
    </dl>
  );
}

/** Admins: every configuration change and incident action, newest first, filterable. */
export function AuditPage() {
  const p = useId();
  const [draft, setDraft] = useState<AuditFilters>(noFilters);
  const [filters, setFilters] = useState<AuditFilters>(noFilters);
  const audit = useAudit(filters);
  const time = useTimeFormat();
  const entries: AuditEntryView[] = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
  }

  return (
    <div className="admin-page">
      <PageHeader title="Audit log" subtitle="Who changed what, and when. Newest first." />
      <form
        className="panel audit-filters"
        onSubmit={onSubmit}
        aria-label="Filter the audit log"
        data-testid="audit-filters"
      >
        {(
          [
            ['actor', 'Actor', 'e-mail'],
            ['action', 'Action', 'user, ingest_key.revoke…'],
            ['target', 'Target', 'id, type or type:id'],
          ] as const
        ).map(([key, label, placeholder]) => (
          <div key={key} className="field">
            <label htmlFor={`${p}-${key}`}>{label}</label>
            <input
              id={`${p}-${key}`}
              value={draft[key]}
              placeholder={placeholder}
              onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
            />
          </div>
        ))}
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Filter
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => {
              setDraft(noFilters);
              setFilters(noFilters);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {audit.isError && (
        <ErrorBanner>
          {audit.error instanceof ApiError ? audit.error.message : 'Could not load the audit log.'}
        </ErrorBanner>
      )}
      <section className="panel table-panel" aria-label="Audit entries">
        <DataTable
          testId="audit-table"
          busy={audit.isPending}
          columns={['When', 'Who', 'Action', 'Target', 'What changed']}
        >
          <EmptyRow show={entries.length === 0 && !audit.isPending} colSpan={5} className="muted">
            Nothing matches. Clear the filters, or change something: every change lands here.
          </EmptyRow>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
              <td>
                <time dateTime={entry.at}>{time.dateTime(entry.at, { seconds: false })}</time>
              </td>
              <td>{entry.actorEmail}</td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                <span className="cell-note">{entry.targetType}</span>
                <code className="audit-target">{entry.targetId}</code>
              </td>
              <td>
                <ChangesDiff changes={entry.changes} />
              </td>
            </tr>
          ))}
        </DataTable>
        {audit.hasNextPage && (
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={audit.isFetchingNextPage}
              onClick={() => void audit.fetchNextPage()}
            >
              {audit.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
