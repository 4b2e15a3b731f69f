'use client';

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { sendJson } from '@/components/api/fetch-json';
import { apiErrors, noFormErrors, type FormErrors } from './form-errors';

export type FormSubmitOptions<K extends string, Saved> = {
  /** The edited item's path (the form PATCHes it); absent for a new item. */
  editPath?: string;
  /** Where a new item is POSTed. */
  createPath: string;
  /** The list query the saved item shows in, refetched before `onSaved`. */
  invalidates: QueryKey;
  /** The input that shows an API error naming `path`, or null for the form's own message. */
  fieldOf: (path: string | null) => K | null;
  /** The form's message when the error carries none. */
  fallback: string;
  onSaved: (saved: Saved, how: 'created' | 'updated') => void;
};

/**
 * Saving a create/edit form: POST or PATCH, refetch the list, hand the saved item back. A refusal
 * becomes `errors` (under the input the API names), which `save` also answers (null when saved); a
 * form that checks only on submit keeps its own check's errors there too.
 */
export function useFormSubmit<K extends string, Saved>(options: FormSubmitOptions<K, Saved>) {
  const { editPath, createPath, invalidates, fieldOf, fallback, onSaved } = options;
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FormErrors<K>>(noFormErrors);

  async function save(body: unknown): Promise<FormErrors<K> | null> {
    setPending(true);
    try {
      const saved =
        editPath === undefined
          ? await sendJson<Saved>('POST', createPath, body)
          : await sendJson<Saved>('PATCH', editPath, body);
      await queryClient.invalidateQueries({ queryKey: invalidates });
      if (saved) onSaved(saved, editPath === undefined ? 'created' : 'updated');
      return null;
    } catch (error) {
      const refused = apiErrors(error, fieldOf, fallback);
      setErrors(refused);
      return refused;
    } finally {
      setPending(false);
    }
  }

  return { pending, errors, setErrors, save };
}
