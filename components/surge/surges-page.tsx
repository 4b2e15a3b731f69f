'use client';

import { useEffect, useState } from 'react';
import { useHasRole } from '@/components/auth/actor-context';
import { DemoBadge } from '@/components/console/demo-badge';
import { PageHeader } from '@/components/console/page-header';
import { SeverityBadge } from '@/components/incidents/badges';
import {
  countOf,
  EditAndDelete,
  edited,
  editorKey,
  EmptyRow,
  EnabledCell,
  ErrorBanner,
  ListError,
  NewButton,
  Notice,
  TablePanel,
} from '@/components/lists/list-panel';
import { useListEditor } from '@/components/lists/use-list-editor';
import { useNow } from '@/components/realtime/use-now';
import { EvaluationFailureNote } from '@/components/rules/evaluation-failure-note';
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
        <ErrorBanner>
          <span>Could not load the multipliers of {rule.name}.</span>
        </ErrorBanner>
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
  const surges = useListEditor<SurgeRuleView>('surge rule', surgeRulesQueryKey);
  const { editor, rows } = surges;
  const [viewing, setViewing] = useState<string | null>(null);
  // `/surges?rule=<id>` (the link on a surge incident) opens with that rule's live view.
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('rule');
    if (wanted) setViewing(wanted);
  }, []);
  const list = rules.data ?? [];
  const shown = list.find((r) => r.id === viewing) ?? list[0] ?? null;

  return (
    <div className="metrics-page surges-page">
      <PageHeader
        title="Surges"
        subtitle="Demand over supply per zone, as a multiplier. Updates live."
        notice={<Notice testId="surges-notice">{rows.notice}</Notice>}
      >
        {canEdit && !editor && (
          <NewButton label="New surge rule" onClick={() => surges.open({ mode: 'create' })} />
        )}
      </PageHeader>

      {canEdit && editor && (
        <SurgeRuleForm
          key={editorKey(editor)}
          rule={edited(editor)}
          onCancel={surges.close}
          onSaved={(rule, how) => {
            setViewing(rule.id);
            surges.saved(rule, how);
          }}
        />
      )}

      <ListError noun="surge rules" query={rules} error={rows.error} />

      <TablePanel
        id="surges"
        title="Surge rules"
        description={countOf(list.length, 'surge rule')}
        loaded={Boolean(rules.data)}
        pending={rules.isPending}
        testId="surge-rules-table"
        columns={['Name', 'Demand ÷ supply', 'Tiers', 'Incident', 'Enabled']}
        actions
      >
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
              {rule.enabled && <EvaluationFailureNote failure={rule.evaluationFailure} />}
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
                  from {formatMultiplier(rule.incidentMultiplier)} <SeverityBadge severity={rule.severity} />
                </span>
              )}
            </td>
            <EnabledCell
              name={rule.name}
              enabled={rule.enabled}
              canEdit={canEdit}
              busy={rows.busy === rule.id}
              onChange={(enabled) => surges.setEnabled(rule, surgeRulePath(rule.id), enabled)}
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
                {canEdit && <EditAndDelete list={surges} row={rule} path={surgeRulePath(rule.id)} />}
              </div>
            </td>
          </tr>
        ))}
        <EmptyRow show={Boolean(rules.data) && list.length === 0} colSpan={6}>
          No surge rules yet.
        </EmptyRow>
      </TablePanel>

      {shown && <SurgeLive key={shown.id} rule={shown} />}
    </div>
  );
}
