import type { ReactNode } from 'react';

/** What a Field hands its control: the id its label points at, and the aria tying it to its messages. */
export type FieldAria = {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
};

export type FieldProps = {
  /** The control's id; the error and hint lines take `<id>-error` and `<id>-hint`. */
  id: string;
  label: string;
  error?: string;
  hint?: string;
  /**
   * Spans the whole form grid.
   * @defaultValue false
   */
  wide?: boolean;
  /** `data-testid` of the error line, so specs find the message of one field. */
  errorTestId?: string;
  children: (aria: FieldAria) => ReactNode;
};

/** A labelled input with its error (announced through aria-describedby) and hint under it. */
export function Field({ id, label, error, hint, wide = false, errorTestId, children }: FieldProps) {
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
