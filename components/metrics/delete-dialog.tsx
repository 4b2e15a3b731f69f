'use client';

import { useEffect, useId, useRef } from 'react';

export type DeleteDialogProps = {
  name: string;
  /** Ratios that divide by or into this metric: the server refuses the delete while they exist. */
  usedBy: readonly string[];
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
};

/** A modal confirmation (native <dialog>: focus is trapped inside, Escape cancels). */
export function DeleteDialog({ name, usedBy, pending, error, onConfirm, onCancel }: DeleteDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
      data-testid="delete-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Delete metric {name}?
      </h2>
      <div id={bodyId} className="dialog-body">
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
      </div>
      {error && (
        <p className="form-alert" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={pending}>
          {pending ? 'Deleting…' : 'Delete metric'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={pending} autoFocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
