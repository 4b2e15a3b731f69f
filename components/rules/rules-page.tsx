'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { SeverityBadge } from '@/components/incidents/badges';
import { SilenceButton } from '@/components/incidents/silence-button';
import { SilencedBadge } from '@/components/silences/silenced-badge';
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

type Editor = { mode: 'create' } | { mode: 'edit'; rule: RuleView };

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
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const list = rules.data ?? [];

  async function act(rule: RuleView, what: string, action: () => Promise<unknown>) {
    setBusy(rule.id);
    setError('');
    try {
      await action();
      setNotice(`Rule ${rule.name} ${what}.`);
      await queryClient.invalidateQueries({ queryKey: rulesQueryKey });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : `Could not change rule ${rule.name}.`);
    } finally {
      setBusy(null);
      setConfirming(null);
    }
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
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice('');
              setEditor({ mode: 'create' });
            }}
          >
            New rule
          </button>
        )}
      </header>

      {canEdit && editor && (
        <RuleForm
          key={editor.mode === 'edit' ? `edit-${editor.rule.id}` : 'create'}
          rule={editor.mode === 'edit' ? editor.rule : undefined}
          onCancel={() => setEditor(null)}
          onSaved={(rule, how) => {
            setEditor(null);
            setNotice(`Rule ${rule.name} ${how}.`);
          }}
        />
      )}

      {(rules.isError || error) && (
        <div className="banner banner-error" role="alert">
          <span>
            {error ||
              `Could not load rules: ${rules.error instanceof ApiError ? rules.error.message : 'the server did not answer'}.`}
          </span>
        </div>
      )}

      <section className="panel table-panel" aria-labelledby="rules-table-title">
        <header className="panel-header">
          <h2 id="rules-table-title" className="panel-title">
            Rules
          </h2>
          <p className="panel-description">
            {rules.data ? `${list.length} rule${list.length === 1 ? '' : 's'}` : 'Loading…'}
          </p>
        </header>
        <div className="table-scroll">
          <table className="data-table" data-testid="rules-table" aria-busy={rules.isPending}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Metric</th>
                <th scope="col">Condition</th>
                <th scope="col">Severity</th>
                <th scope="col">State</th>
                <th scope="col">Enabled</th>
                {(canEdit || canSilence) && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
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
                    {rule.groupBy.length > 0 && (
                      <span className="cell-note">by {rule.groupBy.join(', ')}</span>
                    )}
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
                  <td>
                    {canEdit ? (
                      <label>
                        <input
                          type="checkbox"
                          checked={rule.enabled}
                          disabled={busy === rule.id}
                          onChange={(e) => {
                            const enabled = e.target.checked;
                            void act(rule, enabled ? 'enabled' : 'disabled', () =>
                              sendJson('PATCH', rulePath(rule.id), { enabled }),
                            );
                          }}
                        />
                        <span className="visually-hidden">Enable {rule.name}</span>
                      </label>
                    ) : rule.enabled ? (
                      'yes'
                    ) : (
                      'no'
                    )}
                  </td>
                  {(canEdit || canSilence) && (
                    <td>
                      <div className="cell-actions">
                        {canEdit && (
                          <button
                            type="button"
                            className="button button-small"
                            aria-label={`Edit ${rule.name}`}
                            onClick={() => {
                              setNotice('');
                              setEditor({ mode: 'edit', rule });
                            }}
                          >
                            Edit
                          </button>
                        )}
                        {canEdit &&
                          (confirming === rule.id ? (
                            <button
                              type="button"
                              className="button button-small button-danger"
                              disabled={busy === rule.id}
                              aria-label={`Confirm delete ${rule.name}`}
                              onClick={() =>
                                void act(rule, 'deleted', () => sendJson('DELETE', rulePath(rule.id)))
                              }
                            >
                              Confirm delete
                            </button>
                          ) : (
                            <button
                              type="button"
                              className="button button-small button-danger-quiet"
                              aria-label={`Delete ${rule.name}`}
                              onClick={() => setConfirming(rule.id)}
                            >
                              Delete
                            </button>
                          ))}
                        <SilenceButton ruleId={rule.id} target={`rule ${rule.name}`} />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
              {rules.data && list.length === 0 && (
                <tr>
                  <td colSpan={8} className="table-empty">
                    No rules yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
