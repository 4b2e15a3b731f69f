'use client';

import { useId } from 'react';
import { ChannelTypeBadge } from '@/components/notifications/channel-badge';
import { useChannelList, usePolicyList } from '@/components/notifications/notification-api';

/** The rule's notification settings as the form holds them (the budget as typed). */
export type NotifyValues = {
  channelIds: string[];
  policyId: string | null;
  /** Firing notices per hour at most; empty: no budget. */
  notifyBudgetPerHour: string;
};

export type NotifyFieldsProps = {
  values: NotifyValues;
  onChange: (patch: Partial<NotifyValues>) => void;
  errors?: Partial<Record<keyof NotifyValues, string>>;
  /** False while the rules API does not take a budget yet: the input is left out. */
  withBudget?: boolean;
};

/**
 * The rule editor's "Notify" group: channels notified directly, a notification policy (severity and
 * label routing, escalation), and a budget of firing notices per hour. Acknowledge and resolve
 * updates of a notice that went out are never held back by the budget.
 */
export function NotifyFields({ values, onChange, errors = {}, withBudget = true }: NotifyFieldsProps) {
  const p = useId();
  const channels = useChannelList();
  const policies = usePolicyList();
  const channelList = channels.data ?? [];
  const policyList = policies.data ?? [];
  const known = new Set(channelList.map((c) => c.id));
  const policyKnown = values.policyId === null || policyList.some((x) => x.id === values.policyId);

  return (
    <fieldset className="notify-fields" data-testid="notify-fields">
      <legend>Notify</legend>
      <fieldset className="field check-group" aria-describedby={`${p}-channels-hint`}>
        <legend>Channels</legend>
        <div className="check-row">
          {channelList.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={values.channelIds.includes(c.id)}
                onChange={(e) =>
                  onChange({
                    channelIds: e.target.checked
                      ? [...values.channelIds, c.id]
                      : values.channelIds.filter((id) => id !== c.id),
                  })
                }
              />{' '}
              <ChannelTypeBadge type={c.type} name={c.name} />
              {!c.enabled && <span className="muted"> (disabled)</span>}
            </label>
          ))}
          {channels.data && values.channelIds.some((id) => !known.has(id)) && (
            <span className="muted">and a deleted channel</span>
          )}
          {channels.data && channelList.length === 0 && (
            <span className="muted">No channels yet: add them under Notifications.</span>
          )}
          {channels.isPending && <span className="muted">Loading channels…</span>}
        </div>
        <p id={`${p}-channels-hint`} className="field-hint">
          Notified when an incident of this rule opens, is acknowledged and resolves.
        </p>
        {errors.channelIds && <p className="field-error">{errors.channelIds}</p>}
      </fieldset>
      <div className="field">
        <label htmlFor={`${p}-policy`}>Policy</label>
        <select
          id={`${p}-policy`}
          value={values.policyId ?? ''}
          aria-invalid={errors.policyId ? true : undefined}
          aria-describedby={`${p}-policy-hint`}
          onChange={(e) => onChange({ policyId: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">No policy</option>
          {!policyKnown && values.policyId && <option value={values.policyId}>(unknown policy)</option>}
          {policyList.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        <p id={`${p}-policy-hint`} className="field-hint">
          Escalation steps and repeats, in addition to the channels above.
        </p>
        {errors.policyId && <p className="field-error">{errors.policyId}</p>}
      </div>
      {withBudget && (
        <div className="field">
          <label htmlFor={`${p}-budget`}>Notify budget per hour</label>
          <input
            id={`${p}-budget`}
            inputMode="numeric"
            value={values.notifyBudgetPerHour}
            aria-invalid={errors.notifyBudgetPerHour ? true : undefined}
            aria-describedby={`${p}-budget-hint${errors.notifyBudgetPerHour ? ` ${p}-budget-error` : ''}`}
            onChange={(e) => onChange({ notifyBudgetPerHour: e.target.value })}
          />
          <p id={`${p}-budget-hint`} className="field-hint">
            At most this many firing notices per hour; empty: no limit. Acknowledge and resolve updates always
            follow.
          </p>
          {errors.notifyBudgetPerHour && (
            <p id={`${p}-budget-error`} className="field-error" data-testid="rule-error-notifyBudgetPerHour">
              {errors.notifyBudgetPerHour}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
