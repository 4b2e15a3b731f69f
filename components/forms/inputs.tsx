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
  ...field
}: FieldFrame & {
  value: string;
  onChange: (value: string) => void;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  type?: 'text' | 'url' | 'email';
}) {
  return (
    <Field {...field}>
      {(aria) => (
        <input
          {...aria}
          type={type}
          inputMode={inputMode}
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
