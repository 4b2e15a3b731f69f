'use client';

import { useState } from 'react';
import { useHasRole } from '@/components/auth/actor-context';
import {
  countOf,
  DeleteButton,
  DeleteDialog,
  EditButton,
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
import {
  policiesQueryKey,
  policyPath,
  useChannelList,
  usePolicyList,
  type PolicyView,
} from './notification-api';
import { PolicyForm } from './policy-form';

function describeMatch(policy: PolicyView): string {
  const parts: string[] = [];
  const sev = policy.match.severities ?? [];
  parts.push(sev.length > 0 ? sev.join(', ') : 'any severity');
  const labels = Object.entries(policy.match.labels ?? {});
  if (labels.length > 0) parts.push(labels.map(([k, v]) => `${k}=${v}`).join(', '));
  return parts.join(' · ');
}

/** Notification policies: routing by severity and labels, escalation steps, repeat interval. */
export function PoliciesPanel() {
  const policies = usePolicyList();
  const channels = useChannelList();
  const canEdit = useHasRole('admin');
  const policyList = useListEditor<PolicyView>('policy', policiesQueryKey);
  const { editor, rows, open } = policyList;
  const [deleting, setDeleting] = useState<PolicyView | null>(null);
  const list = policies.data ?? [];
  const channelName = new Map((channels.data ?? []).map((c) => [c.id, c.name]));

  return (
    <div className="notifications-section">
      <div className="section-bar">
        <Notice testId="policies-notice">{rows.notice}</Notice>
        {canEdit && !editor && <NewButton label="New policy" onClick={() => open({ mode: 'create' })} />}
      </div>

      {canEdit && editor && (
        <PolicyForm
          key={editorKey(editor)}
          policy={edited(editor)}
          onCancel={policyList.close}
          onSaved={policyList.saved}
        />
      )}

      <ListError noun="policies" query={policies} error={deleting ? '' : rows.error} />

      <TablePanel
        id="policies"
        title="Policies"
        description={`${countOf(list.length, 'policy', 'policies')}; a rule names one, or channels directly`}
        loaded={Boolean(policies.data)}
        pending={policies.isPending}
        testId="policies-table"
        columns={['Name', 'Matches', 'Steps', 'Repeat', 'Enabled']}
        actions={canEdit}
      >
        {list.map((policy) => (
          <tr key={policy.id} data-testid={`policy-row-${policy.name}`}>
            <th scope="row">{policy.name}</th>
            <td>{describeMatch(policy)}</td>
            <td>
              <ol className="step-summary">
                {policy.steps.map((s, i) => (
                  <li key={i}>
                    {s.afterMinutes === 0 ? 'at once' : `after ${s.afterMinutes} min`}:{' '}
                    {s.channelIds.length === 0
                      ? 'no channel (its channel was deleted)'
                      : s.channelIds.map((id) => channelName.get(id) ?? 'deleted channel').join(', ')}
                  </li>
                ))}
              </ol>
            </td>
            <td>{policy.repeatMinutes === null ? 'never' : `every ${policy.repeatMinutes} min`}</td>
            <EnabledCell
              name={policy.name}
              enabled={policy.enabled}
              canEdit={canEdit}
              busy={rows.busy === policy.id}
              onChange={(enabled) => policyList.setEnabled(policy, policyPath(policy.id), enabled)}
            />
            {canEdit && (
              <td>
                <div className="cell-actions">
                  <EditButton name={policy.name} onClick={() => open({ mode: 'edit', item: policy })} />
                  <DeleteButton
                    name={policy.name}
                    onClick={() => {
                      rows.reset();
                      setDeleting(policy);
                    }}
                  />
                </div>
              </td>
            )}
          </tr>
        ))}
        <EmptyRow show={Boolean(policies.data) && list.length === 0} colSpan={6}>
          No policies yet. Rules can also notify channels directly.
        </EmptyRow>
      </TablePanel>

      {deleting && (
        <DeleteDialog
          row={deleting}
          noun="policy"
          path={policyPath(deleting.id)}
          rows={rows}
          onClose={() => setDeleting(null)}
        >
          <p>Rules that use it stop escalating through it. This cannot be undone.</p>
        </DeleteDialog>
      )}
    </div>
  );
}
