'use client';

import type { QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import type { Editor } from './list-panel';
import { useRowActions } from './use-row-actions';

/** `Surge rule` from `surge rule`: how a notice begins. */
export function capitalized(noun: string): string {
  return noun.charAt(0).toUpperCase() + noun.slice(1);
}

/**
 * A list with its create/edit form: the editor (closed, creating, or one row), the row actions, and
 * the notices both tell in the list's words (`Rule r1 created.`, `Could not change rule r1.`).
 */
export function useListEditor<T extends { id: string; name: string }>(
  /** Lower case, as in `Could not change {noun} r1.` */
  noun: string,
  ...invalidate: readonly QueryKey[]
) {
  const rows = useRowActions(...invalidate);
  const [editor, setEditor] = useState<Editor<T> | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const Noun = capitalized(noun);

  /** Changes one row (a pending inline delete is dropped once it ran); resolves true once it worked. */
  async function change(row: T, what: string, run: () => Promise<unknown>): Promise<boolean> {
    const failed = `Could not change ${noun} ${row.name}.`;
    const ok = await rows.act({ id: row.id, run, done: `${Noun} ${row.name} ${what}.`, failed });
    setConfirming(null);
    return ok;
  }

  return {
    rows,
    editor,
    /** Opens the form, creating or on one row; the last notice goes. */
    open: (next: Editor<T>) => {
      rows.setNotice('');
      setEditor(next);
    },
    close: () => setEditor(null),
    /** The form saved its row: it closes and the notice tells it. */
    saved: (row: T, how: 'created' | 'updated') => {
      setEditor(null);
      rows.setNotice(`${Noun} ${row.name} ${how}.`);
    },
    change,
    /** The row whose inline Delete waits for its confirmation. */
    confirming,
    askDelete: (row: T) => setConfirming(row.id),
    /** The confirmed inline Delete: `DELETE path`. */
    remove: (row: T, path: string) => void change(row, 'deleted', () => sendJson('DELETE', path)),
    /** The Enabled checkbox of a row: PATCHes `{ enabled }` to the row's path. */
    setEnabled: (row: T, path: string, enabled: boolean) =>
      void change(row, enabled ? 'enabled' : 'disabled', () => sendJson('PATCH', path, { enabled })),
  };
}
