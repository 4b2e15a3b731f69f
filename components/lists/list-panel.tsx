'use client';

import type { ReactNode } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { ConfirmDialog } from '@/components/forms/confirm-dialog';
import type { useRowActions } from './use-row-actions';

/** `1 rule`, `3 rules`; `many` for irregular plurals (`policies`). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A list's editor: closed (null), creating, or editing one row. */
export type Editor<T> = { mode: 'create' } | { mode: 'edit'; item: T };

/** The row an editor edits, if any: the form's `rule`/`channel`/… prop. */
export function edited<T>(editor: Editor<T>): T | undefined {
  return editor.mode === 'edit' ? editor.item : undefined;
}

/** A key that remounts the form when the editor moves to another row. */
export function editorKey<T extends { id: string }>(editor: Editor<T>): string {
  return editor.mode === 'edit' ? `edit-${editor.item.id}` : 'create';
}

/** The banner of a list whose query failed (`Could not load rules: …`) or whose last row change did. */
export function ListError({
  noun,
  query,
  error,
}: {
  /** Plural, as in `Could not load {noun}`. */
  noun: string;
  query: { isError: boolean; error: unknown };
  error: string;
}) {
  if (!query.isError && !error) return null;
  const reason = query.error instanceof ApiError ? query.error.message : 'the server did not answer';
  return (
    <div className="banner banner-error" role="alert">
      <span>{error || `Could not load ${noun}: ${reason}.`}</span>
    </div>
  );
}

/**
 * A list's table in its panel: a titled header with the count (or `Loading…`), a scroller and the table
 * (`children`: its thead and tbody). `id` names the title, `{id}-table-title`.
 */
export function TablePanel({
  id,
  title,
  description,
  loaded,
  pending,
  testId,
  children,
}: {
  id: string;
  title: string;
  /** Under the title once loaded (`Loading…` before); none when undefined. */
  description?: ReactNode;
  loaded: boolean;
  pending: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <section className="panel table-panel" aria-labelledby={`${id}-table-title`}>
      <header className="panel-header">
        <h2 id={`${id}-table-title`} className="panel-title">
          {title}
        </h2>
        {description !== undefined && (
          <p className="panel-description">{loaded ? description : 'Loading…'}</p>
        )}
      </header>
      <div className="table-scroll">
        <table className="data-table" data-testid={testId} aria-busy={pending}>
          {children}
        </table>
      </div>
    </section>
  );
}

/** The header cell over a row's action buttons (named for screen readers only). */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span className="visually-hidden">Actions</span>
    </th>
  );
}

/** The row shown when a loaded list is empty. */
export function EmptyRow({
  show,
  colSpan,
  children,
}: {
  show: boolean;
  colSpan: number;
  children: ReactNode;
}) {
  if (!show) return null;
  return (
    <tr>
      <td colSpan={colSpan} className="table-empty">
        {children}
      </td>
    </tr>
  );
}

/** A row's Enabled cell: a checkbox for those who may change it, else yes/no. */
export function EnabledCell({
  name,
  enabled,
  canEdit,
  busy,
  onChange,
}: {
  name: string;
  enabled: boolean;
  canEdit: boolean;
  busy: boolean;
  onChange: (enabled: boolean) => void;
}) {
  return (
    <td>
      {canEdit ? (
        <label>
          <input
            type="checkbox"
            checked={enabled}
            disabled={busy}
            onChange={(e) => onChange(e.target.checked)}
          />
          <span className="visually-hidden">Enable {name}</span>
        </label>
      ) : enabled ? (
        'yes'
      ) : (
        'no'
      )}
    </td>
  );
}

/** The primary button that opens a list's create form (`New rule`). */
export function NewButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button button-primary" onClick={onClick}>
      {label}
    </button>
  );
}

/** A row's Edit button, named after the row for screen readers. */
export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <button type="button" className="button button-small" aria-label={`Edit ${name}`} onClick={onClick}>
      Edit
    </button>
  );
}

/** A row's Delete button; `onClick` asks for confirmation (a dialog, or `InlineDelete`). */
export function DeleteButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className="button button-small button-danger-quiet"
      aria-label={`Delete ${name}`}
      onClick={onClick}
    >
      Delete
    </button>
  );
}

/** Delete in two presses in the row itself: Delete, then Confirm delete. */
export function InlineDelete({
  name,
  confirming,
  busy,
  onAsk,
  onConfirm,
}: {
  name: string;
  confirming: boolean;
  busy: boolean;
  onAsk: () => void;
  onConfirm: () => void;
}) {
  if (!confirming) return <DeleteButton name={name} onClick={onAsk} />;
  return (
    <button
      type="button"
      className="button button-small button-danger"
      disabled={busy}
      aria-label={`Confirm delete ${name}`}
      onClick={onConfirm}
    >
      Confirm delete
    </button>
  );
}

/**
 * The dialog that deletes one row (`DELETE path`) through the list's row actions: its failure is shown
 * in the dialog, its success closes it and is told in the list's notice (`Channel c1 deleted.`).
 */
export function DeleteDialog({
  row,
  noun,
  path,
  rows,
  onClose,
  children,
  confirmLabel = `Delete ${noun}`,
  pendingLabel,
  testId,
}: {
  row: { id: string; name: string };
  /** Lower case, as in `Delete channel c1?` */
  noun: string;
  path: string;
  rows: ReturnType<typeof useRowActions>;
  onClose: () => void;
  /** What deleting it does. */
  children: ReactNode;
  /** @defaultValue `Delete {noun}` */
  confirmLabel?: string;
  pendingLabel?: string;
  testId?: string;
}) {
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <ConfirmDialog
      title={`Delete ${noun} ${row.name}?`}
      confirmLabel={confirmLabel}
      pendingLabel={pendingLabel}
      testId={testId}
      pending={rows.busy === row.id}
      error={rows.error || null}
      onConfirm={() =>
        void rows
          .act({
            id: row.id,
            run: () => sendJson('DELETE', path),
            done: `${Noun} ${row.name} deleted.`,
            failed: `Could not delete ${noun} ${row.name}.`,
          })
          .then((ok) => ok && onClose())
      }
      onCancel={() => {
        rows.reset();
        onClose();
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
