import type { ReactNode } from 'react';

export type FieldAria = {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
};

export type FormFieldProps = {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  wide?: boolean;
  /** `data-testid` of the error line, so specs find the message of one field. */
  errorTestId?: string;
  children: (aria: FieldAria) => ReactNode;
};

/** A labelled input with its error (announced through aria-describedby) and hint under it. */
export function FormField({ id, label, error, hint, wide, errorTestId, children }: FormFieldProps) {
  const errorId = error ? `${id}-error` : null;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error && (
        <p id={errorId ?? undefined} className="field-error" data-testid={errorTestId}>
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId ?? undefined} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
