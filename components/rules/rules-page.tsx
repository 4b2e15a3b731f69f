'use client';

import { useEffect, useRef } from 'react';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { PageHeader } from '@/components/console/page-header';
import { SeverityBadge } from '@/components/incidents/badges';
import { SilenceButton } from '@/components/incidents/silence-button';
import { SilencedBadge } from '@/components/silences/silenced-badge';
import {
  countOf,
  EditAndDelete,
  edited,
  editorKey,
  EmptyRow,
  EnabledCell,
  ListError,
  NewButton,
  Notice,
  TablePanel,
} from '@/components/lists/list-panel';
import { useListEditor } from '@/components/lists/use-list-editor';
import { describeCondition, rulePath, rulesQueryKey, useRule, useRuleList, type RuleView } from './rule-api';
import { EvaluationFailureNote } from './evaluation-failure-note';
import { RuleForm } from './rule-form';

/**
 * The engine's series states of one rule (`GET /api/v1/rules/{id}`), re-read every 10 s, or why the engine
 * cannot evaluate it.
 */
function RuleState({ rule }: { rule: RuleView }) {
  const detail = useRule(rule.id, 10_000);
  if (!rule.enabled) return <span className="muted">disabled</span>;
  const failure = detail.data ? detail.data.evaluationFailure : rule.evaluationFailure;
  if (failure) return <EvaluationFailureNote failure={failure} />;
  const series = detail.data?.series ?? [];
  const notOk = series.filter((s) => s.state !== 'ok');
  if (!detail.data) return <span className="muted">…</span>;
  if (notOk.length === 0) return <span data-testid="rule-state">ok</span>;
  return (
    <span className="chips" data-testid="rule-state">
      {notOk.map((s) => {
        const labels = Object.entries(s.series)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
        return (
          <span key={s.seriesKey} className="chip" data-state={s.state}>
            {labels ? `${labels}: ` : ''}
            {s.state}
            {s.suppressedBy ? ' (silenced)' : ''}
          </span>
        );
      })}
    </span>
  );
}

/**
 * Alert rules: the list for everyone; admins create, edit, enable/disable and delete. `focus` (a rule
 * id, from `/rules?rule=`, as an incident links to its rule) marks that rule's row and scrolls to it.
 */
export function RulesPage({ focus = null }: { focus?: string | null }) {
  const rules = useRuleList();
  const focusedRow = useRef<HTMLTableRowElement>(null);
  const focusFound = rules.data?.some((r) => r.id === focus) ?? false;
  useEffect(() => {
    if (focusFound) focusedRow.current?.scrollIntoView({ block: 'center' });
  }, [focusFound]);
  const canEdit = useHasRole('admin');
  const canSilence = useHasRole('operator');
  const rulesList = useListEditor<RuleView>('rule', rulesQueryKey);
  const { editor, rows } = rulesList;
  const list = rules.data ?? [];

  return (
    <div className="metrics-page rules-page">
      <PageHeader
        title="Rules"
        subtitle="When a metric opens an incident."
        notice={<Notice testId="rules-notice">{rows.notice}</Notice>}
      >
        {canEdit && !editor && (
          <NewButton label="New rule" onClick={() => rulesList.open({ mode: 'create' })} />
        )}
      </PageHeader>

      {canEdit && editor && (
        <RuleForm
          key={editorKey(editor)}
          rule={edited(editor)}
          onCancel={rulesList.close}
          onSaved={rulesList.saved}
        />
      )}

      <ListError noun="rules" query={rules} error={rows.error} />

      <TablePanel
        id="rules"
        title="Rules"
        description={countOf(list.length, 'rule')}
        loaded={Boolean(rules.data)}
        pending={rules.isPending}
        testId="rules-table"
        columns={['Name', 'Kind', 'Metric', 'Condition', 'Severity', 'State', 'Enabled']}
        actions={canEdit || canSilence}
      >
        {list.map((rule) => (
          <tr
            key={rule.id}
            ref={rule.id === focus ? focusedRow : undefined}
            data-testid={`rule-row-${rule.name}`}
            data-focused={rule.id === focus ? 'true' : undefined}
            aria-current={rule.id === focus ? 'true' : undefined}
          >
            <th scope="row">
              {rule.name}
              {rule.demo && <DemoBadge />}
              {rule.groupBy.length > 0 && <span className="cell-note">by {rule.groupBy.join(', ')}</span>}
            </th>
            <td>{rule.kind.replaceAll('_', ' ')}</td>
            <td>
              <code>{rule.metric}</code>
            </td>
            <td>
              <code>{describeCondition(rule)}</code>
              {rule.pendingSeconds > 0 && <span className="cell-note">pending {rule.pendingSeconds} s</span>}
            </td>
            <td>
              <SeverityBadge severity={rule.severity} />
            </td>
            <td>
              <RuleState rule={rule} /> <SilencedBadge ruleId={rule.id} labels={rule.labels} />
            </td>
            <EnabledCell
              name={rule.name}
              enabled={rule.enabled}
              canEdit={canEdit}
              busy={rows.busy === rule.id}
              onChange={(enabled) => rulesList.setEnabled(rule, rulePath(rule.id), enabled)}
            />
            {(canEdit || canSilence) && (
              <td>
                <div className="cell-actions">
                  {canEdit && <EditAndDelete list={rulesList} row={rule} path={rulePath(rule.id)} />}
                  <SilenceButton ruleId={rule.id} target={`rule ${rule.name}`} />
                </div>
              </td>
            )}
          </tr>
        ))}
        <EmptyRow show={Boolean(rules.data) && list.length === 0} colSpan={8}>
          No rules yet.
        </EmptyRow>
      </TablePanel>
    </div>
  );
}
