'use client';

import { ConfirmDialog } from '@/components/forms/confirm-dialog';

/** What uses a metric: the server refuses to delete it while any of them exists. */
export type MetricUsers = {
  /** Ratios that divide by or into it. */
  ratios: readonly string[];
  /** Rules and surge rules that evaluate it. */
  rules: readonly string[];
  surgeRules: readonly string[];
};

export type DeleteDialogProps = {
  name: string;
  usedBy: MetricUsers;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
};

/** Confirms deleting a metric, naming the ratios and rules that still use it. */
export function DeleteDialog({ name, usedBy, pending, error, onConfirm, onCancel }: DeleteDialogProps) {
  const { ratios } = usedBy;
  const rules = [
    ...usedBy.rules.map((rule) => `rule ${rule}`),
    ...usedBy.surgeRules.map((rule) => `surge rule ${rule}`),
  ];
  return (
    <ConfirmDialog
      title={`Delete metric ${name}?`}
      confirmLabel="Delete metric"
      pendingLabel="Deleting…"
      pending={pending}
      error={error}
      onConfirm={onConfirm}
      onCancel={onCancel}
      testId="delete-dialog"
    >
      <p>
        It leaves the catalogue at once with its stored points and rollups: workers stop computing it within
        seconds.
      </p>
      {ratios.length > 0 && (
        <p className="dialog-warning">
          The ratio{ratios.length > 1 ? 's' : ''} {ratios.join(', ')} use{ratios.length > 1 ? '' : 's'} it:
          delete {ratios.length > 1 ? 'them' : 'it'} first.
        </p>
      )}
      {rules.length > 0 && (
        <p className="dialog-warning">
          The {rules.join(', ')} evaluate{rules.length > 1 ? '' : 's'} it and would never fire again: change
          or delete {rules.length > 1 ? 'them' : 'it'} first.
        </p>
      )}
    </ConfirmDialog>
  );
}
