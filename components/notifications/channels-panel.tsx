'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { ChannelTypeBadge } from './channel-badge';
import { ChannelForm } from './channel-form';
import { channelTarget } from './channel-types';
import {
  channelPath,
  channelsQueryKey,
  deliveriesQueryKey,
  useChannelList,
  type ChannelView,
  type DeliveryView,
} from './notification-api';
import { TestResult } from './test-result';
import { DeliveryStatusBadge } from './delivery-status-badge';
import { useTimeFormat } from '@/components/time/time-zone';
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
  type Editor,
} from '@/components/lists/list-panel';
import { useListEditor } from '@/components/lists/use-list-editor';

type TestState = { deliveryId: string | null; error: string | null };

/** The channel's newest delivery and its answer: a channel that stopped working shows before it is needed. */
function LastDeliveryCell({ last }: { last: ChannelView['lastDelivery'] }) {
  const time = useTimeFormat();
  if (!last) {
    return (
      <td data-testid="channel-last-delivery">
        <span className="muted">none yet</span>
      </td>
    );
  }
  const code = last.statusCode === null ? '' : `HTTP ${last.statusCode}`;
  // The notify worker's error for an HTTP failure is the status again; the target's own words say more.
  const said = last.responseExcerpt?.slice(0, 80) ?? (last.error === code ? '' : (last.error ?? ''));
  const answer = [code, said].filter(Boolean).join(' ');
  return (
    <td data-testid="channel-last-delivery" data-status={last.status}>
      <DeliveryStatusBadge status={last.status} /> {last.action}, {time.moment(last.at)}
      {answer && <span className="cell-note">{answer}</span>}
    </td>
  );
}

/** Channels: the list for everyone; admins create, edit, enable/disable, test and delete. */
export function ChannelsPanel() {
  const channels = useChannelList();
  const canEdit = useHasRole('admin');
  const queryClient = useQueryClient();
  const channelList = useListEditor<ChannelView>('channel', channelsQueryKey);
  const { editor, rows } = channelList;
  const [deleting, setDeleting] = useState<ChannelView | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const list = channels.data ?? [];

  async function sendTest(channel: ChannelView) {
    setTests((t) => ({ ...t, [channel.id]: { deliveryId: null, error: null } }));
    setTesting(channel.id);
    try {
      const answer = await sendJson<{ delivery: DeliveryView }>('POST', channelPath(channel.id, '/test'), {});
      setTests((t) => ({ ...t, [channel.id]: { deliveryId: answer?.delivery.id ?? null, error: null } }));
      await queryClient.invalidateQueries({ queryKey: deliveriesQueryKey });
      await queryClient.invalidateQueries({ queryKey: channelsQueryKey });
    } catch (e) {
      const message = e instanceof ApiError ? e.message : 'The test could not be sent.';
      setTests((t) => ({ ...t, [channel.id]: { deliveryId: null, error: message } }));
    } finally {
      setTesting(null);
    }
  }

  function edit(next: Editor<ChannelView>) {
    setSecret(null);
    channelList.open(next);
  }

  return (
    <div className="notifications-section">
      <div className="section-bar">
        <Notice testId="channels-notice">{rows.notice}</Notice>
        {canEdit && !editor && <NewButton label="New channel" onClick={() => edit({ mode: 'create' })} />}
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
          key={editorKey(editor)}
          channel={edited(editor)}
          onCancel={channelList.close}
          onSaved={(channel, how) => {
            channelList.saved(channel, how);
            if (channel.signingSecret) setSecret({ name: channel.name, value: channel.signingSecret });
          }}
        />
      )}

      <ListError noun="channels" query={channels} error={deleting ? '' : rows.error} />

      <TablePanel
        id="channels"
        title="Channels"
        description={`${countOf(list.length, 'channel')}; secrets are stored encrypted and shown masked`}
        loaded={Boolean(channels.data)}
        pending={channels.isPending}
        testId="channels-table"
        columns={['Name', 'Type', 'Target', 'Last delivery', 'Enabled']}
        actions={canEdit}
      >
        {list.map((channel) => (
          <tr key={channel.id} data-testid={`channel-row-${channel.name}`}>
            <th scope="row">{channel.name}</th>
            <td>
              <ChannelTypeBadge type={channel.type} />
            </td>
            <td>
              <code className="masked-target">{channelTarget(channel)}</code>
            </td>
            <LastDeliveryCell last={channel.lastDelivery} />
            <EnabledCell
              name={channel.name}
              enabled={channel.enabled}
              canEdit={canEdit}
              busy={rows.busy === channel.id}
              onChange={(enabled) => channelList.setEnabled(channel, channelPath(channel.id), enabled)}
            />
            {canEdit && (
              <td>
                <div className="cell-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={testing === channel.id || rows.busy === channel.id}
                    aria-label={`Send test to ${channel.name}`}
                    onClick={() => void sendTest(channel)}
                  >
                    Send test
                  </button>
                  <EditButton name={channel.name} onClick={() => edit({ mode: 'edit', item: channel })} />
                  <DeleteButton
                    name={channel.name}
                    onClick={() => {
                      rows.reset();
                      setDeleting(channel);
                    }}
                  />
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
        <EmptyRow show={Boolean(channels.data) && list.length === 0} colSpan={6}>
          No channels yet.{canEdit ? ' Add one with “New channel”.' : ' An admin adds them.'}
        </EmptyRow>
      </TablePanel>

      {deleting && (
        <DeleteDialog
          row={deleting}
          noun="channel"
          path={channelPath(deleting.id)}
          rows={rows}
          onClose={() => setDeleting(null)}
        >
          <p>
            It stops receiving notifications: rules and policies that name it no longer reach it. This cannot
            be undone.
          </p>
        </DeleteDialog>
      )}
    </div>
  );
}
