'use client';

import type { HTMLAttributes, ReactNode } from 'react';
import { Field, type FieldProps } from './field';

type FieldFrame = Omit<FieldProps, 'children'>;

/** A labelled text input in a Field (error and hint under it). */
export function TextField({
  value,
  onChange,
  inputMode,
  type,
  autoComplete,
  min,
  placeholder,
  ...field
}: FieldFrame & {
  value: string;
  onChange: (value: string) => void;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  type?: 'text' | 'url' | 'email' | 'password' | 'number' | 'search';
  autoComplete?: 'current-password' | 'new-password';
  /** With `type="number"`. */
  min?: number;
  placeholder?: string;
}) {
  return (
    <Field {...field}>
      {(aria) => (
        <input
          {...aria}
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete}
          min={min}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A labelled select of fixed options in a Field; `optionLabel` words an option (default: itself). */
export function SelectField<T extends string>({
  value,
  options,
  onChange,
  optionLabel = (option) => option,
  ...field
}: FieldFrame & {
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
  optionLabel?: (option: T) => string;
}) {
  return (
    <Field {...field}>
      {(aria) => (
        <select {...aria} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((option) => (
            <option key={option} value={option}>
              {optionLabel(option)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A checkbox with its label after it, as a form-grid cell. */
export function CheckboxField({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {children}
      </label>
    </div>
  );
}

/** A choice of a select: its value and what it shows. */
export type Choice<T extends string> = { value: T; label: string };

/** Choices that show their own value. */
export function choicesOf<T extends string>(values: readonly T[]): Choice<T>[] {
  return values.map((value) => ({ value, label: value }));
}

/**
 * A labelled select of a filter bar or a page header (no error, no hint): `all` words a first choice
 * of '' (`All`), `children` come after the choices (an optgroup).
 */
export function FilterField<T extends string>({
  id,
  label,
  value,
  choices,
  all,
  onChange,
  children,
}: {
  id: string;
  label: string;
  /** Includes '' where `all` is given. */
  value: T;
  choices: readonly Choice<T>[];
  all?: string;
  onChange: (value: T) => void;
  children?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {all !== undefined && <option value="">{all}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
        {children}
      </select>
    </div>
  );
}
