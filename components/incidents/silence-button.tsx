'use client';

import Link from 'next/link';
import { useHasRole } from '@/components/auth/actor-context';
import { labelsText } from '@/components/forms/labels-text';

export type SilenceButtonProps = {
  /** What to silence: a rule (all its series), optionally narrowed to one series. */
  ruleId: string;
  series?: Record<string, string>;
  /** Names the target in the link's accessible name and the comment it suggests. */
  target: string;
  /** A compact control for table rows (the default); full size beside other page actions. */
  size?: 'small' | 'regular';
};

/**
 * Opens the silence form on the Silences page filled in with this rule (and series), where the person
 * picks how long and says why. Operators and admins only.
 */
export function SilenceButton({ ruleId, series, target, size = 'small' }: SilenceButtonProps) {
  const canSilence = useHasRole('operator');
  if (!canSilence) return null;
  const query = new URLSearchParams({ new: '1', rule: ruleId });
  if (series && Object.keys(series).length > 0) query.set('series', labelsText(series));
  query.set('comment', `Silenced from ${target}`);
  return (
    <Link
      href={`/silences?${query.toString()}`}
      className={size === 'small' ? 'button button-small' : 'button'}
      aria-label={`Silence ${target}`}
    >
      Silence…
    </Link>
  );
}
