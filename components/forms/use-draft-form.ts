'use client';

import { useState, type FormEvent } from 'react';
import { noFormErrors } from './form-errors';
import { useFormSubmit, type FormSubmitOptions } from './use-form-submit';

/** What a form's own check answers: the API input, or messages by input and for the whole form. */
export type DraftCheck<K extends string, Input> =
  { ok: true; input: Input } | { ok: false; fields: Partial<Record<K, string>>; other: string[] };

export type DraftFormOptions<V, K extends string, Input, Saved> = Omit<
  FormSubmitOptions<K, Saved>,
  'fieldOf'
> & {
  initial: () => V;
  /** The form's check (the server's zod schema on the values); run on submit and after it. */
  check: (values: V) => DraftCheck<K, Input>;
  /** The input showing an API error naming `path`, given the values sent. */
  fieldOf: (path: string | null, values: V) => K | null;
  /** Error lines get `data-testid` `{errorTestIdPrefix}{field}`. */
  errorTestIdPrefix: string;
};

/**
 * A create/edit form checked on submit (and live after the first submit), its errors merged from that
 * check and the API's refusal, saved through `useFormSubmit`. `draft()` is the checked input for a
 * preview; `at(field)` the error props of the input that shows `field`.
 */
export function useDraftForm<V extends object, K extends string, Input, Saved>(
  options: DraftFormOptions<V, K, Input, Saved>,
) {
  const { initial, check, fieldOf, errorTestIdPrefix, ...submit } = options;
  const [values, setValues] = useState<V>(initial);
  const [checked, setChecked] = useState(false);
  const form = useFormSubmit<K, Saved>({ ...submit, fieldOf: (path) => fieldOf(path, values) });

  const local = checked ? check(values) : null;
  const errors: Partial<Record<K, string>> = {
    ...form.errors.fields,
    ...(local && !local.ok ? local.fields : {}),
  };
  const other = [...form.errors.other, ...(local && !local.ok ? local.other : [])];

  /** Sets inputs; a change clears the API's refusal (the form's own check re-runs on render). */
  function update(patch: Partial<V>) {
    setValues((old) => ({ ...old, ...patch }));
    form.setErrors(noFormErrors);
  }

  function draft(): Input | null {
    setChecked(true);
    const result = check(values);
    return result.ok ? result.input : null;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.pending) return;
    const input = draft();
    if (input) void form.save(input);
  }

  function at(field: K) {
    return { error: errors[field], errorTestId: `${errorTestIdPrefix}${field}` };
  }

  return {
    values,
    update,
    errors,
    other,
    pending: form.pending,
    draft,
    onSubmit,
    at,
    /** The error props, value and onChange of the input that edits (and shows the errors of) `name`. */
    bind: <F extends K & keyof V>(name: F) => ({
      ...at(name),
      value: values[name],
      onChange: (value: V[F]) => {
        const patch: Partial<V> = {};
        patch[name] = value;
        update(patch);
      },
    }),
  };
}
