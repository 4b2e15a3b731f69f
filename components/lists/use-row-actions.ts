'use client';

import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '@/components/api/fetch-json';

/** One change to one row of a list: what to send, and what to say when it worked or failed. */
export type RowAction = {
  /** The row's id: that row is `busy` while the change runs. */
  id: string;
  run: () => Promise<unknown>;
  /** Told in the list's notice when the change worked, e.g. `Rule r1 deleted.` ('' tells nothing). */
  done: string;
  /** Shown when the change failed without a message from the API, e.g. `Could not delete rule r1.` */
  failed: string;
};

/**
 * The changes made from a list's rows, on TanStack's `useMutation`: one row busy at a time, the outcome
 * told as a notice or an error (the API's message, else the action's own), and the list's queries
 * re-read after a success.
 */
export function useRowActions(...invalidate: readonly QueryKey[]) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState('');
  const mutation = useMutation({
    mutationFn: (action: RowAction) => action.run(),
    onMutate: () => setNotice(''),
    onSuccess: async (_answer, action) => {
      setNotice(action.done);
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
  const action = mutation.variables;
  const error = !mutation.isError
    ? ''
    : mutation.error instanceof ApiError
      ? mutation.error.message
      : (action?.failed ?? '');
  return {
    busy: mutation.isPending && action ? action.id : null,
    notice,
    setNotice,
    error,
    /** Resolves true once the change worked and the lists were invalidated, false when it failed. */
    act: (next: RowAction): Promise<boolean> =>
      mutation.mutateAsync(next).then(
        () => true,
        () => false,
      ),
    /** Forgets the last failure (a dialog closed on it). */
    reset: mutation.reset,
  };
}
