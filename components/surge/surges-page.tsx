'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { SeverityBadge } from '@/components/incidents/badges';
import { useNow } from '@/components/realtime/use-now';
import { MultiplierChart } from './multiplier-chart';
import {
  formatMultiplier,
  surgeHistoryMs,
  surgeRulePath,
  surgeRulesQueryKey,
  useSurgeRules,
  type SurgeRuleView,
} from './surge-api';
import { SurgeHeatView } from './surge-heat-view';
import { SurgeRuleForm } from './surge-rule-form';
import { multiplierSteps, useSurgeLive } from './use-surge-live';

const describeTiers = (rule: SurgeRuleView) =>
  rule.tiers.map((t) => `≥${t.ratio} → ${formatMultiplier(t.multiplier)}`).join(', ');

/** The heat view and the multiplier history of one surge rule, live. */
function SurgeLive({ rule }: { rule: SurgeRuleView }) {
  const { current, history } = useSurgeLive(rule.id);
  const now = useNow();
  const to = now || Date.now();
  const from = to - surgeHistoryMs;
  const steps = multiplierSteps(current.data ?? [], history.data ?? [], from, to);
  return (
    <div className="surge-live" data-testid="surge-live" data-rule={rule.name}>
      {(current.isError || history.isError) && (
        <div className="banner banner-error" role="alert">
          <span>Could not load the multipliers of {rule.name}.</span>
        </div>
      )}
      <SurgeHeatView rule={rule} groups={current.data ?? []} loading={current.isPending} />
      <MultiplierChart steps={steps} from={from} to={to} incidentMultiplier={rule.incidentMultiplier} />
    </div>
  );
}

type Editor = { mode: 'create' } | { mode: 'edit'; rule: SurgeRuleView };

/** Surge rules: the list and each rule's live multipliers for everyone; admins create, edit and delete. */
export function SurgesPage() {
  const rules = useSurgeRules();
  const canEdit = useHasRole('admin');
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [viewing, setViewing] = useState<string | null>(null);
  // `/surges?rule=<id>` (the link on a surge incident) opens with that rule's live view.
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('rule');
    if (wanted) setViewing(wanted);
  }, []);
  const list = rules.data ?? [];
  const shown = list.find((r) => r.id === viewing) ?? list[0] ?? null;

  async function act(rule: SurgeRuleView, what: string, action: () => Promise<unknown>) {
    setBusy(rule.id);
    setError('');
    try {
      await action();
      setNotice(`Surge rule ${rule.name} ${what}.`);
      await queryClient.invalidateQueries({ queryKey: surgeRulesQueryKey });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : `Could not change surge rule ${rule.name}.`);
    } finally {
      setBusy(null);
      setConfirming(null);
    }
  }

  return (
    <div className="metrics-page surges-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Surges</h1>
          <p className="page-subtitle">Demand over supply per zone, as a multiplier. Updates live.</p>
          <p className="notice" role="status" data-testid="surges-notice">
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
            New surge rule
          </button>
        )}
      </header>

      {canEdit && editor && (
        <SurgeRuleForm
          key={editor.mode === 'edit' ? `edit-${editor.rule.id}` : 'create'}
          rule={editor.mode === 'edit' ? editor.rule : undefined}
          onCancel={() => setEditor(null)}
          onSaved={(rule, how) => {
            setEditor(null);
            setViewing(rule.id);
            setNotice(`Surge rule ${rule.name} ${how}.`);
          }}
        />
      )}

      {(rules.isError || error) && (
        <div className="banner banner-error" role="alert">
          <span>
            {error ||
              `Could not load surge rules: ${rules.error instanceof ApiError ? rules.error.message : 'the server did not answer'}.`}
          </span>
        </div>
      )}

      <section className="panel table-panel" aria-labelledby="surges-table-title">
        <header className="panel-header">
          <h2 id="surges-table-title" className="panel-title">
            Surge rules
          </h2>
          <p className="panel-description">
            {rules.data ? `${list.length} surge rule${list.length === 1 ? '' : 's'}` : 'Loading…'}
          </p>
        </header>
        <div className="table-scroll">
          <table className="data-table" data-testid="surge-rules-table" aria-busy={rules.isPending}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Demand ÷ supply</th>
                <th scope="col">Tiers</th>
                <th scope="col">Incident</th>
                <th scope="col">Enabled</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((rule) => (
                <tr
                  key={rule.id}
                  data-testid={`surge-row-${rule.name}`}
                  data-expanded={shown?.id === rule.id ? 'true' : undefined}
                >
                  <th scope="row">
                    {rule.name}
                    {rule.demo && <DemoBadge />}
                    <span className="cell-note">
                      {rule.groupBy.length > 0 ? `by ${rule.groupBy.join(', ')}, ` : ''}
                      over {rule.window}
                    </span>
                  </th>
                  <td>
                    <code>{rule.demandMetric}</code> ÷ <code>{rule.supplyMetric}</code>
                  </td>
                  <td>
                    <code>{describeTiers(rule)}</code>
                    <span className="cell-note">
                      {rule.cap !== null ? `cap ${formatMultiplier(rule.cap)}, ` : ''}hold {rule.holdSeconds}{' '}
                      s, cooldown {rule.cooldownSeconds} s
                    </span>
                  </td>
                  <td>
                    {rule.incidentMultiplier === null ? (
                      <span className="muted">none</span>
                    ) : (
                      <span className="chips">
                        from {formatMultiplier(rule.incidentMultiplier)}{' '}
                        <SeverityBadge severity={rule.severity} />
                      </span>
                    )}
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
                              sendJson('PATCH', surgeRulePath(rule.id), { enabled }),
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
                  <td>
                    <div className="cell-actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-pressed={shown?.id === rule.id}
                        aria-label={`Show ${rule.name} live`}
                        onClick={() => setViewing(rule.id)}
                      >
                        Live
                      </button>
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
                              void act(rule, 'deleted', () => sendJson('DELETE', surgeRulePath(rule.id)))
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
                    </div>
                  </td>
                </tr>
              ))}
              {rules.data && list.length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    No surge rules yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      {shown && <SurgeLive key={shown.id} rule={shown} />}
    </div>
  );
}
