'use client';

import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { metricPath, metricsQueryKey, useMetricCatalogue, type MetricSummary } from './catalogue-api';
import { DeleteDialog } from './delete-dialog';
import { describeAggregation, describeRatio } from './format';
import { MetricDetail } from './metric-detail';
import { MetricForm } from './metric-form';

type Editor = { mode: 'create' } | { mode: 'edit'; metric: MetricSummary };
type Deleting = { metric: MetricSummary; pending: boolean; error: string | null };

function List({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  return (
    <span className="chips">
      {items.map((item) => (
        <code key={item} className="chip">
          {item}
        </code>
      ))}
    </span>
  );
}

/**
 * The metric catalogue: every metric with how it is computed; a row opens its live chart. Admins also
 * create, edit and delete metrics here; other roles see the same table without those controls.
 */
export function MetricsCatalogue() {
  const catalogue = useMetricCatalogue(30_000);
  const canEdit = useHasRole('admin');
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const [notice, setNotice] = useState('');
  const metrics = catalogue.data ?? [];
  const columns = canEdit ? 7 : 6;

  function toggle(name: string) {
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  }

  function open(next: Editor) {
    setNotice('');
    setEditor(next);
  }

  async function remove(metric: MetricSummary) {
    setDeleting({ metric, pending: true, error: null });
    try {
      await sendJson('DELETE', metricPath(metric.name));
      setDeleting(null);
      setExpanded((old) => {
        const next = new Set(old);
        next.delete(metric.name);
        return next;
      });
      if (editor?.mode === 'edit' && editor.metric.name === metric.name) setEditor(null);
      setNotice(`Metric ${metric.name} deleted.`);
      await queryClient.invalidateQueries({ queryKey: metricsQueryKey });
    } catch (error) {
      const message =
        error instanceof ApiError ? error.message : 'The metric could not be deleted. Try again.';
      setDeleting({ metric, pending: false, error: message });
    }
  }

  const ratiosUsing = (name: string) =>
    metrics
      .filter((m) => m.ratioOf && (m.ratioOf.numerator === name || m.ratioOf.denominator === name))
      .map((m) => m.name);

  return (
    <div className="metrics-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Metrics</h1>
          <p className="page-subtitle">
            What Pulseboard computes from events, every second. Open a metric to watch it live.
          </p>
          <p className="notice" role="status" data-testid="metrics-notice">
            {notice}
          </p>
        </div>
        {canEdit && !editor && (
          <button type="button" className="button button-primary" onClick={() => open({ mode: 'create' })}>
            New metric
          </button>
        )}
      </header>

      {canEdit && editor && (
        <MetricForm
          key={editor.mode === 'edit' ? `edit-${editor.metric.name}` : 'create'}
          metric={editor.mode === 'edit' ? editor.metric : undefined}
          catalogue={metrics}
          onCancel={() => setEditor(null)}
          onSaved={(metric, how) => {
            setEditor(null);
            setNotice(`Metric ${metric.name} ${how}.`);
            if (how === 'created') setExpanded((old) => new Set(old).add(metric.name));
          }}
        />
      )}

      {catalogue.isError && (
        <div className="banner banner-error" role="alert">
          <span>
            Could not load the metric catalogue:{' '}
            {catalogue.error instanceof ApiError ? catalogue.error.message : 'the server did not answer'}.
          </span>
          <button type="button" className="button" onClick={() => void catalogue.refetch()}>
            Retry
          </button>
        </div>
      )}

      <section className="panel table-panel" aria-labelledby="metrics-table-title">
        <header className="panel-header">
          <h2 id="metrics-table-title" className="panel-title">
            Catalogue
          </h2>
          <p className="panel-description">
            {catalogue.data ? `${metrics.length} metric${metrics.length === 1 ? '' : 's'}` : 'Loading…'}
          </p>
        </header>
        <div className="table-scroll">
          <table className="data-table" data-testid="metrics-table" aria-busy={catalogue.isPending}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Aggregation</th>
                <th scope="col">Event types</th>
                <th scope="col">Dimensions</th>
                <th scope="col">Unit</th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {metrics.map((metric) => {
                const isOpen = expanded.has(metric.name);
                const detailId = `metric-detail-row-${metric.name}`;
                return (
                  <Fragment key={metric.name}>
                    <tr data-testid={`metric-row-${metric.name}`} data-expanded={isOpen}>
                      <th scope="row">
                        <button
                          type="button"
                          className="row-toggle"
                          aria-expanded={isOpen}
                          aria-controls={isOpen ? detailId : undefined}
                          onClick={() => toggle(metric.name)}
                        >
                          <span className="row-caret" aria-hidden="true" />
                          <span className="visually-hidden">{isOpen ? 'Hide' : 'Show'} live chart of </span>
                          {metric.name}
                        </button>
                        {metric.builtIn && <span className="badge badge-builtin">built-in</span>}
                        {metric.demo && <DemoBadge />}
                      </th>
                      <td className="cell-description">
                        {metric.description || <span className="muted">—</span>}
                      </td>
                      <td>
                        {metric.ratioOf ? (
                          <>
                            <span className="cell-note">ratio</span>
                            <code data-testid="metric-ratio">{describeRatio(metric.ratioOf)}</code>
                          </>
                        ) : (
                          <code>{describeAggregation(metric)}</code>
                        )}
                      </td>
                      <td>
                        {metric.ratioOf ? (
                          <span className="muted">—</span>
                        ) : (
                          <List items={metric.eventTypes} empty="all types" />
                        )}
                      </td>
                      <td>
                        <List items={metric.dimensions} empty="none" />
                        {metric.defaultGroupBy.length > 0 && (
                          <span className="cell-note">grouped by {metric.defaultGroupBy.join(', ')}</span>
                        )}
                      </td>
                      <td data-testid="metric-unit">{metric.unit || <span className="muted">—</span>}</td>
                      {canEdit && (
                        <td>
                          <div className="cell-actions">
                            <button
                              type="button"
                              className="button button-small"
                              onClick={() => open({ mode: 'edit', metric })}
                              aria-label={`Edit ${metric.name}`}
                            >
                              Edit
                            </button>
                            {!metric.builtIn && (
                              <button
                                type="button"
                                className="button button-small button-danger-quiet"
                                onClick={() => setDeleting({ metric, pending: false, error: null })}
                                aria-label={`Delete ${metric.name}`}
                              >
                                Delete
                              </button>
                            )}
                          </div>
                        </td>
                      )}
                    </tr>
                    {isOpen && (
                      <tr id={detailId} className="detail-row">
                        <td colSpan={columns}>
                          <MetricDetail metric={metric} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
              {catalogue.data && metrics.length === 0 && (
                <tr>
                  <td colSpan={columns} className="table-empty">
                    No metrics yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      {deleting && (
        <DeleteDialog
          name={deleting.metric.name}
          usedBy={ratiosUsing(deleting.metric.name)}
          pending={deleting.pending}
          error={deleting.error}
          onConfirm={() => void remove(deleting.metric)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
