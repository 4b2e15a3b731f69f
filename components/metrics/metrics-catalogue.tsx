'use client';

import { Fragment, useState } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { PageHeader } from '@/components/console/page-header';
import {
  countOf,
  DeleteButton,
  EditButton,
  edited,
  EmptyRow,
  ListError,
  NewButton,
  Notice,
  TablePanel,
  type Editor,
} from '@/components/lists/list-panel';
import { useOpenRows } from '@/components/lists/use-open-rows';
import { useRowActions } from '@/components/lists/use-row-actions';
import { metricPath, metricsQueryKey, useMetricCatalogue, type MetricSummary } from './catalogue-api';
import { useRuleList } from '@/components/rules/rule-api';
import { useSurgeRules } from '@/components/surge/surge-api';
import { DeleteDialog as MetricDeleteDialog, type MetricUsers } from './delete-dialog';
import { describeAggregation, describeRatio } from './format';
import { MetricDetail } from './metric-detail';
import { MetricForm } from './metric-form';

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
  // What a delete would break, named in its dialog before the server refuses it.
  const ruleList = useRuleList();
  const surgeRuleList = useSurgeRules();
  const [editor, setEditor] = useState<Editor<MetricSummary> | null>(null);
  const { open: expanded, toggle, show, hide } = useOpenRows();
  const [deleting, setDeleting] = useState<MetricSummary | null>(null);
  const rows = useRowActions(metricsQueryKey);
  const { notice, setNotice } = rows;
  const metrics = catalogue.data ?? [];
  const columns = canEdit ? 7 : 6;

  function open(next: Editor<MetricSummary>) {
    setNotice('');
    setEditor(next);
  }

  async function remove(metric: MetricSummary) {
    const ok = await rows.act({
      id: metric.name,
      run: () => sendJson('DELETE', metricPath(metric.name)),
      done: `Metric ${metric.name} deleted.`,
      failed: 'The metric could not be deleted. Try again.',
    });
    if (!ok) return;
    setDeleting(null);
    hide(metric.name);
    if (editor?.mode === 'edit' && editor.item.name === metric.name) setEditor(null);
  }

  const usersOf = (name: string): MetricUsers => ({
    ratios: metrics
      .filter((m) => m.ratioOf && (m.ratioOf.numerator === name || m.ratioOf.denominator === name))
      .map((m) => m.name),
    rules: (ruleList.data ?? []).filter((r) => r.metric === name).map((r) => r.name),
    surgeRules: (surgeRuleList.data ?? [])
      .filter((r) => r.demandMetric === name || r.supplyMetric === name)
      .map((r) => r.name),
  });

  return (
    <div className="metrics-page">
      <PageHeader
        title="Metrics"
        subtitle="What Pulseboard computes from events, every second. Open a metric to watch it live."
        notice={<Notice testId="metrics-notice">{notice}</Notice>}
      >
        {canEdit && !editor && <NewButton label="New metric" onClick={() => open({ mode: 'create' })} />}
      </PageHeader>

      {canEdit && editor && (
        <MetricForm
          key={editor.mode === 'edit' ? `edit-${editor.item.name}` : 'create'}
          metric={edited(editor)}
          catalogue={metrics}
          onCancel={() => setEditor(null)}
          onSaved={(metric, how) => {
            setEditor(null);
            setNotice(`Metric ${metric.name} ${how}.`);
            if (how === 'created') show(metric.name);
          }}
        />
      )}

      <ListError noun="the metric catalogue" query={catalogue} onRetry={() => void catalogue.refetch()} />

      <TablePanel
        id="metrics"
        title="Catalogue"
        description={countOf(metrics.length, 'metric')}
        loaded={Boolean(catalogue.data)}
        pending={catalogue.isPending}
        testId="metrics-table"
        columns={['Name', 'Description', 'Aggregation', 'Event types', 'Dimensions', 'Unit']}
        actions={canEdit}
      >
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
                <td className="cell-description">{metric.description || <span className="muted">—</span>}</td>
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
                      <EditButton name={metric.name} onClick={() => open({ mode: 'edit', item: metric })} />
                      {!metric.builtIn && (
                        <DeleteButton
                          name={metric.name}
                          onClick={() => {
                            rows.reset();
                            setDeleting(metric);
                          }}
                        />
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
        <EmptyRow show={Boolean(catalogue.data) && metrics.length === 0} colSpan={columns}>
          No metrics yet.
        </EmptyRow>
      </TablePanel>

      {deleting && (
        <MetricDeleteDialog
          name={deleting.name}
          usedBy={usersOf(deleting.name)}
          pending={rows.busy === deleting.name}
          error={rows.error || null}
          onConfirm={() => void remove(deleting)}
          onCancel={() => {
            rows.reset();
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}
