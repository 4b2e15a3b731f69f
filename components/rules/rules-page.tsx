'use client';

import { useEffect, useRef, useState } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { SeverityBadge } from '@/components/incidents/badges';
import { SilenceButton } from '@/components/incidents/silence-button';
import { SilencedBadge } from '@/components/silences/silenced-badge';
import {
  ActionsHeader,
  countOf,
  EditButton,
  edited,
  editorKey,
  EmptyRow,
  EnabledCell,
  InlineDelete,
  ListError,
  NewButton,
  TablePanel,
  type Editor,
} from '@/components/lists/list-panel';
import { useRowActions } from '@/components/lists/use-row-actions';
import { describeCondition, rulePath, rulesQueryKey, useRule, useRuleList, type RuleView } from './rule-api';
import { RuleForm } from './rule-form';

/** The engine's series states of one rule (`GET /api/v1/rules/{id}`), re-read every 10 s. */
function RuleState({ rule }: { rule: RuleView }) {
  const detail = useRule(rule.id, 10_000);
  if (!rule.enabled) return <span className="muted">disabled</span>;
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
  const [editor, setEditor] = useState<Editor<RuleView> | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { busy, notice, setNotice, error, act } = useRowActions(rulesQueryKey);
  const list = rules.data ?? [];

  function change(rule: RuleView, what: string, run: () => Promise<unknown>) {
    const failed = `Could not change rule ${rule.name}.`;
    void act({ id: rule.id, run, done: `Rule ${rule.name} ${what}.`, failed }).then(() =>
      setConfirming(null),
    );
  }

  return (
    <div className="metrics-page rules-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Rules</h1>
          <p className="page-subtitle">When a metric opens an incident.</p>
          <p className="notice" role="status" data-testid="rules-notice">
            {notice}
          </p>
        </div>
        {canEdit && !editor && (
          <NewButton
            label="New rule"
            onClick={() => {
              setNotice('');
              setEditor({ mode: 'create' });
            }}
          />
        )}
      </header>

      {canEdit && editor && (
        <RuleForm
          key={editorKey(editor)}
          rule={edited(editor)}
          onCancel={() => setEditor(null)}
          onSaved={(rule, how) => {
            setEditor(null);
            setNotice(`Rule ${rule.name} ${how}.`);
          }}
        />
      )}

      <ListError noun="rules" query={rules} error={error} />

      <TablePanel
        id="rules"
        title="Rules"
        description={countOf(list.length, 'rule')}
        loaded={Boolean(rules.data)}
        pending={rules.isPending}
        testId="rules-table"
      >
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Metric</th>
            <th scope="col">Condition</th>
            <th scope="col">Severity</th>
            <th scope="col">State</th>
            <th scope="col">Enabled</th>
            {(canEdit || canSilence) && <ActionsHeader />}
          </tr>
        </thead>
        <tbody>
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
                {rule.pendingSeconds > 0 && (
                  <span className="cell-note">pending {rule.pendingSeconds} s</span>
                )}
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
                busy={busy === rule.id}
                onChange={(enabled) =>
                  change(rule, enabled ? 'enabled' : 'disabled', () =>
                    sendJson('PATCH', rulePath(rule.id), { enabled }),
                  )
                }
              />
              {(canEdit || canSilence) && (
                <td>
                  <div className="cell-actions">
                    {canEdit && (
                      <EditButton
                        name={rule.name}
                        onClick={() => {
                          setNotice('');
                          setEditor({ mode: 'edit', item: rule });
                        }}
                      />
                    )}
                    {canEdit && (
                      <InlineDelete
                        name={rule.name}
                        confirming={confirming === rule.id}
                        busy={busy === rule.id}
                        onAsk={() => setConfirming(rule.id)}
                        onConfirm={() => change(rule, 'deleted', () => sendJson('DELETE', rulePath(rule.id)))}
                      />
                    )}
                    <SilenceButton ruleId={rule.id} target={`rule ${rule.name}`} />
                  </div>
                </td>
              )}
            </tr>
          ))}
          <EmptyRow show={Boolean(rules.data) && list.length === 0} colSpan={8}>
            No rules yet.
          </EmptyRow>
        </tbody>
      </TablePanel>
    </div>
  );
}
