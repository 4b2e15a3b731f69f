'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { useActor } from '@/components/auth/actor-context';
import { PageHeader } from '@/components/console/page-header';
import { ConfirmDialog } from '@/components/forms/confirm-dialog';
import { FormActions, FormAlert, FormPanel } from '@/components/forms/form-layout';
import { SelectField, TextField } from '@/components/forms/inputs';
import { DataTable, ErrorBanner, NewButton, Notice } from '@/components/lists/list-panel';
import { roles, type Role } from '@/contracts/roles';
import { createUserInputSchema } from '@/core/services/users/schemas';
import { adminKeys, useUsers, type UserView } from './admin-api';
import { apiFieldErrors, ConfirmButton, ShownOnce, zodFieldErrors, type FieldErrors } from './form-bits';
import { useRowActions } from '@/components/lists/use-row-actions';
import { useTimeFormat } from '@/components/time/time-zone';

const roleDescriptions: Record<Role, string> = {
  viewer: 'can only read; no longer acknowledges, resolves or silences incidents.',
  operator: 'can acknowledge, resolve, assign and silence incidents, but not change configuration.',
  admin: 'can change every rule, channel, key and user, including other admins.',
};

const emptyUser = { email: '', name: '', role: 'viewer' as Role, password: '' };

/** Admins: every user, create one, change roles, disable or enable, reset passwords. */
export function UsersPage() {
  const users = useUsers();
  const time = useTimeFormat();
  const me = useActor();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const { busy, notice, setNotice, error, act: actOnRow } = useRowActions(adminKeys.users);
  const act = (user: UserView, done: string, run: () => Promise<unknown>) =>
    actOnRow({ id: user.id, run, done, failed: `Could not change ${user.email}.` });

  const path = (u: UserView) => `/api/v1/users/${encodeURIComponent(u.id)}`;
  // A role change grants or takes away powers at once: it waits for a confirmation.
  const [roleChange, setRoleChange] = useState<{ user: UserView; role: Role } | null>(null);
  const list = users.data ?? [];

  return (
    <div className="admin-page">
      <PageHeader
        title="Users"
        subtitle="Who can sign in, and what they may do."
        notice={<Notice testId="users-notice">{notice}</Notice>}
      >
        {!creating && <NewButton label="New user" onClick={() => setCreating(true)} />}
      </PageHeader>
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(user, password) => {
            setCreating(false);
            setNotice(`User ${user.email} created.`);
            if (password) setSecret({ label: `Password for ${user.email}`, value: password });
          }}
        />
      )}
      {secret && <ShownOnce label={secret.label} secret={secret.value} onDone={() => setSecret(null)} />}
      {(users.isError || error) && <ErrorBanner>{error || 'Could not load users.'}</ErrorBanner>}
      {roleChange && (
        <ConfirmDialog
          title={`Make ${roleChange.user.email} ${roleChange.role === 'admin' ? 'an' : 'a'} ${roleChange.role}?`}
          confirmLabel={`Change role to ${roleChange.role}`}
          pending={busy === roleChange.user.id}
          error={null}
          testId="role-change-dialog"
          onCancel={() => setRoleChange(null)}
          onConfirm={() => {
            const { user, role } = roleChange;
            void act(user, `${user.email} is now ${role}.`, () =>
              sendJson('PATCH', path(user), { role }),
            ).then(() => setRoleChange(null));
          }}
        >
          <p>
            {roleChange.user.name || roleChange.user.email} goes from {roleChange.user.role} to{' '}
            {roleChange.role}: {roleDescriptions[roleChange.role]}
          </p>
        </ConfirmDialog>
      )}
      <section className="panel table-panel" aria-label="Users">
        <DataTable
          testId="users-table"
          busy={users.isPending}
          columns={['E-mail', 'Name', 'Role', 'Status', 'Sessions', 'Created']}
          actions
        >
          {list.map((u) => {
            const self = u.email === me?.email;
            return (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <th scope="row">
                  {u.email}
                  {self && <span className="cell-note">you</span>}
                </th>
                <td>{u.name || <span className="muted">—</span>}</td>
                <td>
                  <label>
                    <span className="visually-hidden">Role of {u.email}</span>
                    <select
                      value={u.role}
                      disabled={self || busy === u.id}
                      onChange={(e) => setRoleChange({ user: u, role: e.target.value as Role })}
                    >
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </label>
                </td>
                <td>
                  <span className="status-pill" data-status={u.disabled ? 'revoked' : 'active'}>
                    {u.disabled ? 'disabled' : 'active'}
                  </span>
                </td>
                <td>{u.activeSessions}</td>
                <td>{time.dateTime(u.createdAt, { seconds: false })}</td>
                <td>
                  {!self && (
                    <div className="cell-actions">
                      {u.disabled ? (
                        <button
                          type="button"
                          className="button button-small"
                          disabled={busy === u.id}
                          onClick={() =>
                            void act(u, `${u.email} enabled.`, () =>
                              sendJson('PATCH', path(u), { disabled: false }),
                            )
                          }
                        >
                          Enable
                        </button>
                      ) : (
                        <ConfirmButton
                          label="Disable"
                          confirmLabel={`Disable ${u.email}`}
                          danger
                          busy={busy === u.id}
                          onConfirm={() =>
                            void act(u, `${u.email} disabled; their sessions and tokens are revoked.`, () =>
                              sendJson('PATCH', path(u), { disabled: true }),
                            )
                          }
                        />
                      )}
                      <ConfirmButton
                        label="Reset password"
                        confirmLabel={`Reset password of ${u.email}`}
                        busy={busy === u.id}
                        onConfirm={() =>
                          void act(
                            u,
                            `Password of ${u.email} reset; their sessions ended and their tokens are revoked.`,
                            async () => {
                              const r = await sendJson<{ password: string | null }>(
                                'POST',
                                `${path(u)}/reset-password`,
                                {},
                              );
                              if (r?.password)
                                setSecret({ label: `New password for ${u.email}`, value: r.password });
                            },
                          )
                        }
                      />
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </section>
    </div>
  );
}

function CreateUserForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (user: UserView, password: string | null) => void;
}) {
  const p = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(emptyUser);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = { ...values, password: values.password || undefined };
    const checked = zodFieldErrors(createUserInputSchema, input);
    setErrors(checked.errors);
    if (!checked.ok) return;
    setPending(true);
    try {
      const result = await sendJson<{ user: UserView; password: string | null }>(
        'POST',
        '/api/v1/users',
        input,
      );
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      if (result) onCreated(result.user, result.password);
    } catch (error) {
      setErrors(apiFieldErrors(error, 'Could not create the user.'));
    } finally {
      setPending(false);
    }
  }

  return (
    <FormPanel title="New user">
      <form className="metric-form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="user-form">
        <div className="form-grid">
          <TextField
            id={`${p}-email`}
            label="E-mail"
            error={errors.email}
            type="email"
            value={values.email}
            onChange={(email) => setValues({ ...values, email })}
          />
          <TextField
            id={`${p}-name`}
            label="Name"
            error={errors.name}
            value={values.name}
            onChange={(name) => setValues({ ...values, name })}
          />
          <SelectField
            id={`${p}-role`}
            label="Role"
            error={errors.role}
            hint="Viewer reads; operator acknowledges, resolves and silences; admin configures."
            value={values.role}
            options={roles}
            onChange={(role) => setValues({ ...values, role })}
          />
          <TextField
            id={`${p}-password`}
            label="Initial password"
            error={errors.password}
            hint="Leave empty to generate one, shown once."
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(password) => setValues({ ...values, password })}
          />
        </div>
        <FormAlert messages={errors.form ?? ''} />
        <FormActions label="Create user" pendingLabel="Creating…" pending={pending} onCancel={onCancel} />
      </form>
    </FormPanel>
  );
}
