import type { EvaluationFailure } from '@/contracts/responses/common';

/** The columns the worker writes on a rule or surge rule whose evaluation failed. */
type FailureColumns = { evalError: string | null; evalFailingSince: Date | null; evalFailedAt: Date | null };

export function toEvaluationFailure(row: FailureColumns): EvaluationFailure {
  if (row.evalError === null || row.evalFailingSince === null) return null;
  return {
    error: row.evalError,
    since: row.evalFailingSince.toISOString(),
    lastAt: (row.evalFailedAt ?? row.evalFailingSince).toISOString(),
  };
}
