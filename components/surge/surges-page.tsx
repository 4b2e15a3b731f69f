'use client';

import { useEffect, useState } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { SeverityBadge } from '@/components/incidents/badges';
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

/** Surge rules: the list and each rule's live multipliers for everyone; admins create, edit and delete. */
export function SurgesPage() {
  const rules = useSurgeRules();
  const canEdit = useHasRole('admin');
  const [editor, setEditor] = useState<Editor<SurgeRuleView> | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { busy, notice, setNotice, error, act } = useRowActions(surgeRulesQueryKey);
  const [viewing, setViewing] = useState<string | null>(null);
  // `/surges?rule=<id>` (the link on a surge incident) opens with that rule's live view.
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('rule');
    if (wanted) setViewing(wanted);
  }, []);
  const list = rules.data ?? [];
  const shown = list.find((r) => r.id === viewing) ?? list[0] ?? null;

  function change(rule: SurgeRuleView, what: string, run: () => Promise<unknown>) {
    const failed = `Could not change surge rule ${rule.name}.`;
    void act({ id: rule.id, run, done: `Surge rule ${rule.name} ${what}.`, failed }).then(() =>
      setConfirming(null),
    );
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
          <NewButton
            label="New surge rule"
            onClick={() => {
              setNotice('');
              setEditor({ mode: 'create' });
            }}
          />
        )}
      </header>

      {canEdit && editor && (
        <SurgeRuleForm
          key={editorKey(editor)}
          rule={edited(editor)}
          onCancel={() => setEditor(null)}
          onSaved={(rule, how) => {
            setEditor(null);
            setViewing(rule.id);
            setNotice(`Surge rule ${rule.name} ${how}.`);
          }}
        />
      )}

      <ListError noun="surge rules" query={rules} error={error} />

      <TablePanel
        id="surges"
        title="Surge rules"
        description={countOf(list.length, 'surge rule')}
        loaded={Boolean(rules.data)}
        pending={rules.isPending}
        testId="surge-rules-table"
      >
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Demand ÷ supply</th>
            <th scope="col">Tiers</th>
            <th scope="col">Incident</th>
            <th scope="col">Enabled</th>
            <ActionsHeader />
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
                  {rule.cap !== null ? `cap ${formatMultiplier(rule.cap)}, ` : ''}hold {rule.holdSeconds} s,
                  cooldown {rule.cooldownSeconds} s
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
              <EnabledCell
                name={rule.name}
                enabled={rule.enabled}
                canEdit={canEdit}
                busy={busy === rule.id}
                onChange={(enabled) =>
                  change(rule, enabled ? 'enabled' : 'disabled', () =>
                    sendJson('PATCH', surgeRulePath(rule.id), { enabled }),
                  )
                }
              />
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
                      onConfirm={() =>
                        change(rule, 'deleted', () => sendJson('DELETE', surgeRulePath(rule.id)))
                      }
                    />
                  )}
                </div>
              </td>
            </tr>
          ))}
          <EmptyRow show={Boolean(rules.data) && list.length === 0} colSpan={6}>
            No surge rules yet.
          </EmptyRow>
        </tbody>
      </TablePanel>

      {shown && <SurgeLive key={shown.id} rule={shown} />}
    </div>
  );
}
