'use client';

import { useTimeFormat } from '@/components/time/time-zone';
import type { EvaluationFailure } from '@/contracts/responses/common';

/**
 * A rule (or surge rule) the engine cannot evaluate: it looks enabled and will not fire, so it says so
 * where its state would be, with the worker's error and since when.
 */
export function EvaluationFailureNote({ failure }: { failure: EvaluationFailure }) {
  const time = useTimeFormat();
  if (!failure) return null;
  return (
    <span className="evaluation-failure" data-testid="evaluation-failure">
      <span className="badge failing-badge">Cannot evaluate</span>
      <span className="cell-note">
        {failure.error}. Failing since {time.moment(failure.since)}.
      </span>
    </span>
  );
}
