'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { ChannelTypeBadge } from './channel-badge';
import { ChannelForm } from './channel-form';
import { channelTarget } from './channel-types';
import { ConfirmDialog } from '@/components/forms/confirm-dialog';
import {
  channelPath,
  channelsQueryKey,
  deliveriesQueryKey,
  useChannelList,
  type ChannelView,
  type DeliveryView,
} from './notification-api';
import { TestResult } from './test-result';

type Editor = { mode: 'create' } | { mode: 'edit'; channel: ChannelView };
type TestState = { deliveryId: string | null; error: string | null };

/** Channels: the list for everyone; admins create, edit, enable/disable, test and delete. */
export function ChannelsPanel() {
  const channels = useChannelList();
  const canEdit = useHasRole('admin');
  const queryClient = useQueryClient();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [deleting, setDeleting] = useState<ChannelView | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [notice, setNotice] = useState('');
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [error, setError] = useState('');
  const list = channels.data ?? [];

  async function toggle(channel: ChannelView, enabled: boolean) {
    setBusy(channel.id);
    setError('');
    try {
      await sendJson('PATCH', channelPath(channel.id), { enabled });
      setNotice(`Channel ${channel.name} ${enabled ? 'enabled' : 'disabled'}.`);
      await queryClient.invalidateQueries({ queryKey: channelsQueryKey });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : `Could not change channel ${channel.name}.`);
    } finally {
      setBusy(null);
    }
  }

  async function sendTest(channel: ChannelView) {
    setTests((t) => ({ ...t, [channel.id]: { deliveryId: null, error: null } }));
    setBusy(channel.id);
    try {
      const answer = await sendJson<{ delivery: DeliveryView }>('POST', channelPath(channel.id, '/test'), {});
      setTests((t) => ({ ...t, [channel.id]: { deliveryId: answer?.delivery.id ?? null, error: null } }));
      await queryClient.invalidateQueries({ queryKey: deliveriesQueryKey });
    } catch (e) {
      const message = e instanceof ApiError ? e.message : 'The test could not be sent.';
      setTests((t) => ({ ...t, [channel.id]: { deliveryId: null, error: message } }));
    } finally {
      setBusy(null);
    }
  }

  async function remove(channel: ChannelView) {
    setBusy(channel.id);
    setDeleteError(null);
    try {
      await sendJson('DELETE', channelPath(channel.id));
      setDeleting(null);
      setNotice(`Channel ${channel.name} deleted.`);
      await queryClient.invalidateQueries({ queryKey: channelsQueryKey });
    } catch (e) {
      setDeleteError(e instanceof ApiError ? e.message : `Could not delete channel ${channel.name}.`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="notifications-section">
      <div className="section-bar">
        <p className="notice" role="status" data-testid="channels-notice">
          {notice}
        </p>
        {canEdit && !editor && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice('');
              setSecret(null);
              setEditor({ mode: 'create' });
            }}
          >
            New channel
          </button>
        )}
      </div>

      {secret && (
        <div className="banner secret-banner" role="status" data-testid="signing-secret">
          <span>
            Signing secret of {secret.name}, shown only now: <code>{secret.value}</code>
          </span>
          <button type="button" className="button button-small" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      )}

      {canEdit && editor && (
        <ChannelForm
          key={editor.mode === 'edit' ? `edit-${editor.channel.id}` : 'create'}
          channel={editor.mode === 'edit' ? editor.channel : undefined}
          onCancel={() => setEditor(null)}
          onSaved={(channel, how) => {
            setEditor(null);
            setNotice(`Channel ${channel.name} ${how}.`);
            if (channel.signingSecret) setSecret({ name: channel.name, value: channel.signingSecret });
          }}
        />
      )}

      {(channels.isError || error) && (
        <div className="banner banner-error" role="alert">
          <span>
            {error ||
              `Could not load channels: ${channels.error instanceof ApiError ? channels.error.message : 'the server did not answer'}.`}
          </span>
        </div>
      )}

      <section className="panel table-panel" aria-labelledby="channels-table-title">
        <header className="panel-header">
          <h2 id="channels-table-title" className="panel-title">
            Channels
          </h2>
          <p className="panel-description">
            {channels.data
              ? `${list.length} channel${list.length === 1 ? '' : 's'}; secrets are stored encrypted and shown masked`
              : 'Loading…'}
          </p>
        </header>
        <div className="table-scroll">
          <table className="data-table" data-testid="channels-table" aria-busy={channels.isPending}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Target</th>
                <th scope="col">Enabled</th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((channel) => (
                <tr key={channel.id} data-testid={`channel-row-${channel.name}`}>
                  <th scope="row">{channel.name}</th>
                  <td>
                    <ChannelTypeBadge type={channel.type} />
                  </td>
                  <td>
                    <code className="masked-target">{channelTarget(channel)}</code>
                  </td>
                  <td>
                    {canEdit ? (
                      <label>
                        <input
                          type="checkbox"
                          checked={channel.enabled}
                          disabled={busy === channel.id}
                          onChange={(e) => void toggle(channel, e.target.checked)}
                        />
                        <span className="visually-hidden">Enable {channel.name}</span>
                      </label>
                    ) : channel.enabled ? (
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
                          disabled={busy === channel.id}
                          aria-label={`Send test to ${channel.name}`}
                          onClick={() => void sendTest(channel)}
                        >
                          Send test
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Edit ${channel.name}`}
                          onClick={() => {
                            setNotice('');
                            setSecret(null);
                            setEditor({ mode: 'edit', channel });
                          }}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          aria-label={`Delete ${channel.name}`}
                          onClick={() => {
                            setDeleteError(null);
                            setDeleting(channel);
                          }}
                        >
                          Delete
                        </button>
                      </div>
                      {tests[channel.id] && (
                        <TestResult
                          deliveryId={tests[channel.id]?.deliveryId ?? null}
                          error={tests[channel.id]?.error ?? null}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
              {channels.data && list.length === 0 && (
                <tr>
                  <td colSpan={5} className="table-empty">
                    No channels yet.{canEdit ? ' Add one with “New channel”.' : ' An admin adds them.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      {deleting && (
        <ConfirmDialog
          title={`Delete channel ${deleting.name}?`}
          confirmLabel="Delete channel"
          pending={busy === deleting.id}
          error={deleteError}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>
            It stops receiving notifications: rules and policies that name it no longer reach it. This cannot
            be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
