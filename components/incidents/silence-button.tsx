'use client';

import { useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useHasRole } from '@/components/auth/actor-context';
import { createSilenceInputSchema, type CreateSilenceInput } from '@/core/services/silences/schemas';

export type SilenceButtonProps = {
  /** What to silence: a rule (all its series), optionally narrowed to one series. */
  ruleId: string;
  series?: Record<string, string>;
  /** Names the target in the button's accessible name. */
  target: string;
  /** A compact button for table rows (the default); full size beside other page actions. */
  size?: 'small' | 'regular';
};

const hourMs = 3_600_000;

/** Silences a rule (or one of its series) for an hour. Operators and admins only. */
export function SilenceButton({ ruleId, series, target, size = 'small' }: SilenceButtonProps) {
  const canSilence = useHasRole('operator');
  const [state, setState] = useState<{ pending: boolean; message: string }>({ pending: false, message: '' });
  if (!canSilence) return null;

  async function silence() {
    const now = Date.now();
    const input: CreateSilenceInput = {
      matchers: {
        ruleId,
        ...(series && Object.keys(series).length > 0 ? { series } : {}),
      },
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + hourMs).toISOString(),
      comment: `Silenced from the console for 1 h (${target})`,
    };
    const parsed = createSilenceInputSchema.safeParse(input);
    if (!parsed.success) {
      setState({ pending: false, message: parsed.error.issues[0]?.message ?? 'invalid silence' });
      return;
    }
    setState({ pending: true, message: '' });
    try {
      await sendJson('POST', '/api/v1/silences', parsed.data);
      const until = new Date(now + hourMs).toLocaleTimeString(undefined, { timeStyle: 'short' });
      setState({ pending: false, message: `Silenced until ${until}.` });
    } catch (error) {
      setState({
        pending: false,
        message: error instanceof ApiError ? error.message : 'Could not create the silence.',
      });
    }
  }

  return (
    <span className="silence-control">
      <button
        type="button"
        className={size === 'small' ? 'button button-small' : 'button'}
        disabled={state.pending}
        aria-label={`Silence ${target} for 1 hour`}
        onClick={() => void silence()}
      >
        Silence 1 h
      </button>
      <span className="cell-note" role="status" data-testid="silence-status">
        {state.message}
      </span>
    </span>
  );
}
