'use client';

import { ConfirmDialog } from '@/components/forms/confirm-dialog';

export type DeleteDialogProps = {
  name: string;
  /** Ratios that divide by or into this metric: the server refuses the delete while they exist. */
  usedBy: readonly string[];
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
};

/** Confirms deleting a metric, naming the ratios that still use it. */
export function DeleteDialog({ name, usedBy, pending, error, onConfirm, onCancel }: DeleteDialogProps) {
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
        It leaves the catalogue at once: workers stop computing it within seconds, and its stored points age
        out with retention.
      </p>
      {usedBy.length > 0 && (
        <p className="dialog-warning">
          The ratio{usedBy.length > 1 ? 's' : ''} {usedBy.join(', ')} use{usedBy.length > 1 ? '' : 's'} it:
          delete {usedBy.length > 1 ? 'them' : 'it'} first.
        </p>
      )}
    </ConfirmDialog>
  );
}
