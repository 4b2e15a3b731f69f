'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { getJson } from '@/components/api/fetch-json';
import type { AssignableUser } from '@/contracts/responses/access';
import { personName } from './timeline-words';

/** Active operators and admins (`GET /api/v1/users/assignable`): who can take an incident. */
export function useAssignableUsers(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'assignable'],
    enabled,
    staleTime: 60_000,
    queryFn: async ({ signal }) =>
      (await getJson<{ users: AssignableUser[] }>('/api/v1/users/assignable', signal)).users,
  });
}

/** Assign the incident to any operator or admin, or unassign it. */
export function AssignPicker({
  current,
  disabled,
  onAssign,
}: {
  current: { id: string } | null;
  disabled: boolean;
  onAssign: (userId: string | null) => Promise<void>;
}) {
  const id = useId();
  const users = useAssignableUsers(true);
  const [choice, setChoice] = useState('');
  const options = (users.data ?? []).filter((u) => u.id !== current?.id);
  return (
    <span className="assign-picker" data-testid="assign-picker">
      <label htmlFor={id} className="visually-hidden">
        Assign to
      </label>
      <select
        id={id}
        value={choice}
        disabled={disabled || users.isPending}
        onChange={(e) => setChoice(e.target.value)}
      >
        <option value="">{users.isPending ? 'Loading people…' : 'Assign to…'}</option>
        {options.map((u) => (
          <option key={u.id} value={u.id}>
            {personName(u)}
            {u.name ? ` (${u.email})` : ''}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        disabled={disabled || choice === ''}
        onClick={() => void onAssign(choice).then(() => setChoice(''))}
      >
        Assign
      </button>
      {current && (
        <button
          type="button"
          className="button button-ghost"
          disabled={disabled}
          onClick={() => void onAssign(null)}
        >
          Unassign
        </button>
      )}
    </span>
  );
}
