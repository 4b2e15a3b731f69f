'use client';

import type { ReactNode } from 'react';
import { failureReason, sendJson } from '@/components/api/fetch-json';
import { ConfirmDialog } from '@/components/forms/confirm-dialog';
import type { useListEditor } from './use-list-editor';
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

/**
 * The banner of a list whose query failed (`Could not load rules: …`, with Retry where `onRetry` is
 * given) or whose last row change did.
 */
export function ListError({
  noun,
  query,
  error = '',
  onRetry,
}: {
  /** Plural, as in `Could not load {noun}`. */
  noun: string;
  query: { isError: boolean; error: unknown };
  /** @defaultValue '' */
  error?: string;
  onRetry?: () => void;
}) {
  if (!query.isError && !error) return null;
  return (
    <ErrorBanner>
      <span>{error || `Could not load ${noun}: ${failureReason(query.error)}.`}</span>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </ErrorBanner>
  );
}

/** The banner of a failed load or change (`role="alert"`). */
export function ErrorBanner({ children }: { children: ReactNode }) {
  return (
    <div className="banner banner-error" role="alert">
      {children}
    </div>
  );
}

/** The status line that tells what the last change did (`Rule r1 deleted.`). */
export function Notice({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p className="notice" role="status" data-testid={testId}>
      {children}
    </p>
  );
}

/** A table's header row: one `th` a column, and `actions` adds the hidden Actions header last. */
export function ColumnHeads({
  columns,
  actions = false,
}: {
  columns: readonly ReactNode[];
  /** @defaultValue false */
  actions?: boolean;
}) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => (
          <th key={i} scope="col">
            {column}
          </th>
        ))}
        {actions && <ActionsHeader />}
      </tr>
    </thead>
  );
}

export type DataTableProps = {
  testId: string;
  /** `aria-busy` while the rows load; none when undefined. */
  busy?: boolean;
  columns: readonly ReactNode[];
  /** Adds the hidden Actions header. @defaultValue false */
  actions?: boolean;
  /** @defaultValue 'data-table' */
  className?: string;
  /** The scroller takes the focus, so a keyboard can scroll a table that overflows. @defaultValue false */
  focusable?: boolean;
  /** The rows (the tbody's content). */
  children: ReactNode;
};

/** A data table in its scroller: column headers, then the rows. */
export function DataTable({
  testId,
  busy,
  columns,
  actions = false,
  className = 'data-table',
  focusable = false,
  children,
}: DataTableProps) {
  return (
    <div className="table-scroll" tabIndex={focusable ? 0 : undefined}>
      <table className={className} data-testid={testId} aria-busy={busy}>
        <ColumnHeads columns={columns} actions={actions} />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/**
 * A list's table in its panel: a titled header with the count (or `Loading…`) over a DataTable. `id`
 * names the title, `{id}-table-title`.
 */
export function TablePanel({
  id,
  title,
  description,
  loaded,
  pending,
  ...table
}: Omit<DataTableProps, 'busy'> & {
  id: string;
  title: string;
  /** Under the title once loaded (`Loading…` before); none when undefined. */
  description?: ReactNode;
  loaded: boolean;
  pending: boolean;
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
      <DataTable busy={pending} {...table} />
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

/** The row shown when a loaded list is empty (or, with `role="alert"`, failed to load). */
export function EmptyRow({
  show,
  colSpan,
  className = 'table-empty',
  role,
  children,
}: {
  show: boolean;
  colSpan: number;
  /** @defaultValue 'table-empty' */
  className?: string;
  role?: 'alert';
  children: ReactNode;
}) {
  if (!show) return null;
  return (
    <tr>
      <td colSpan={colSpan} className={className} role={role}>
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

/** A row's Edit button (opens the list's form on it) and its inline Delete (`DELETE path`). */
export function EditAndDelete<T extends { id: string; name: string }>({
  list,
  row,
  path,
}: {
  list: ReturnType<typeof useListEditor<T>>;
  row: T;
  path: string;
}) {
  return (
    <>
      <EditButton name={row.name} onClick={() => list.open({ mode: 'edit', item: row })} />
      <InlineDelete
        name={row.name}
        confirming={list.confirming === row.id}
        busy={list.rows.busy === row.id}
        onAsk={() => list.askDelete(row)}
        onConfirm={() => list.remove(row, path)}
      />
    </>
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
