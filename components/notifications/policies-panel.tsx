'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { ConfirmDialog } from '@/components/forms/confirm-dialog';
import {
  policiesQueryKey,
  policyPath,
  useChannelList,
  usePolicyList,
  type PolicyView,
} from './notification-api';
import { PolicyForm } from './policy-form';

type Editor = { mode: 'create' } | { mode: 'edit'; policy: PolicyView };

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
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [deleting, setDeleting] = useState<PolicyView | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const list = policies.data ?? [];
  const channelName = new Map((channels.data ?? []).map((c) => [c.id, c.name]));

  async function toggle(policy: PolicyView, enabled: boolean) {
    setBusy(policy.id);
    setError('');
    try {
      await sendJson('PATCH', policyPath(policy.id), { enabled });
      setNotice(`Policy ${policy.name} ${enabled ? 'enabled' : 'disabled'}.`);
      await queryClient.invalidateQueries({ queryKey: policiesQueryKey });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : `Could not change policy ${policy.name}.`);
    } finally {
      setBusy(null);
    }
  }

  async function remove(policy: PolicyView) {
    setBusy(policy.id);
    setDeleteError(null);
    try {
      await sendJson('DELETE', policyPath(policy.id));
      setDeleting(null);
      setNotice(`Policy ${policy.name} deleted.`);
      await queryClient.invalidateQueries({ queryKey: policiesQueryKey });
    } catch (e) {
      setDeleteError(e instanceof ApiError ? e.message : `Could not delete policy ${policy.name}.`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="notifications-section">
      <div className="section-bar">
        <p className="notice" role="status" data-testid="policies-notice">
          {notice}
        </p>
        {canEdit && !editor && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice('');
              setEditor({ mode: 'create' });
            }}
          >
            New policy
          </button>
        )}
      </div>

      {canEdit && editor && (
        <PolicyForm
          key={editor.mode === 'edit' ? `edit-${editor.policy.id}` : 'create'}
          policy={editor.mode === 'edit' ? editor.policy : undefined}
          onCancel={() => setEditor(null)}
          onSaved={(policy, how) => {
            setEditor(null);
            setNotice(`Policy ${policy.name} ${how}.`);
          }}
        />
      )}

      {(policies.isError || error) && (
        <div className="banner banner-error" role="alert">
          <span>
            {error ||
              `Could not load policies: ${policies.error instanceof ApiError ? policies.error.message : 'the server did not answer'}.`}
          </span>
        </div>
      )}

      <section className="panel table-panel" aria-labelledby="policies-table-title">
        <header className="panel-header">
          <h2 id="policies-table-title" className="panel-title">
            Policies
          </h2>
          <p className="panel-description">
            {policies.data
              ? `${list.length} polic${list.length === 1 ? 'y' : 'ies'}; a rule names one, or channels directly`
              : 'Loading…'}
          </p>
        </header>
        <div className="table-scroll">
          <table className="data-table" data-testid="policies-table" aria-busy={policies.isPending}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Matches</th>
                <th scope="col">Steps</th>
                <th scope="col">Repeat</th>
                <th scope="col">Enabled</th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((policy) => (
                <tr key={policy.id} data-testid={`policy-row-${policy.name}`}>
                  <th scope="row">{policy.name}</th>
                  <td>{describeMatch(policy)}</td>
                  <td>
                    <ol className="step-summary">
                      {policy.steps.map((s, i) => (
                        <li key={i}>
                          {s.afterMinutes === 0 ? 'at once' : `after ${s.afterMinutes} min`}:{' '}
                          {s.channelIds.map((id) => channelName.get(id) ?? 'deleted channel').join(', ')}
                        </li>
                      ))}
                    </ol>
                  </td>
                  <td>{policy.repeatMinutes === null ? 'never' : `every ${policy.repeatMinutes} min`}</td>
                  <td>
                    {canEdit ? (
                      <label>
                        <input
                          type="checkbox"
                          checked={policy.enabled}
                          disabled={busy === policy.id}
                          onChange={(e) => void toggle(policy, e.target.checked)}
                        />
                        <span className="visually-hidden">Enable {policy.name}</span>
                      </label>
                    ) : policy.enabled ? (
                      'yes'
                    ) : (
                      'no'
                    )}
                  </td>
                  {canEdit && (
                    <td>
                      <div className="cell-actions">
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Edit ${policy.name}`}
                          onClick={() => {
                            setNotice('');
                            setEditor({ mode: 'edit', policy });
                          }}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          aria-label={`Delete ${policy.name}`}
                          onClick={() => {
                            setDeleteError(null);
                            setDeleting(policy);
                          }}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
              {policies.data && list.length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    No policies yet. Rules can also notify channels directly.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      {deleting && (
        <ConfirmDialog
          title={`Delete policy ${deleting.name}?`}
          confirmLabel="Delete policy"
          pending={busy === deleting.id}
          error={deleteError}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>Rules that use it stop escalating through it. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
