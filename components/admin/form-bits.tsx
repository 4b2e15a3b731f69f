'use client';

import { useState } from 'react';
import type { z } from 'zod';
import { ApiError } from '@/components/api/fetch-json';
import { issueErrors } from '@/components/forms/form-errors';

/** Messages by top-level input name; `form` is the form's own. */
export type FieldErrors = Partial<Record<string, string>>;

/** Field errors from a zod schema, keyed by the top-level field name (the same schema the API parses with). */
export function zodFieldErrors(schema: z.ZodType, value: unknown): { errors: FieldErrors; ok: boolean } {
  const result = schema.safeParse(value);
  if (result.success) return { errors: {}, ok: true };
  const { fields } = issueErrors(result.error.issues, (path) => path.split('.')[0] || 'form');
  return { errors: fields, ok: false };
}

/** An API error placed next to its field when the server names one, else shown for the form. */
export function apiFieldErrors(error: unknown, fallback: string): FieldErrors {
  if (error instanceof ApiError) return { [error.field ?? 'form']: error.message };
  return { form: fallback };
}

/** A secret the server answers once (a key, a token, a generated password), with a copy button. */
export function ShownOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="shown-once" role="region" aria-label={label} data-testid="shown-once">
      <p className="shown-once-title">{label}</p>
      <p className="field-hint">Copy it now: it is shown only this once and stored only as a hash.</p>
      <div className="shown-once-row">
        <input
          readOnly
          value={secret}
          aria-label={label}
          data-testid="shown-once-secret"
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button-small button-ghost" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

/** A two-step button: the first click asks, the second does it. */
export function ConfirmButton({
  label,
  confirmLabel,
  busy,
  danger,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  busy?: boolean;
  danger?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button-small" disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-inline">
      <button
        type="button"
        className={danger ? 'button button-small button-danger' : 'button button-small button-primary'}
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button-small button-ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
