import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/tx';
import { rules, surgeRules } from '@/db/schema';
import { errorFields } from '@/core/errors';

export type EvaluatedKind = 'rule' | 'surge';

/** Enough to say what broke; longer messages are cut. */
const shownLength = 500;

/**
 * What the rules pages say about a failed evaluation: the messages of the error's cause chain and
 * PostgreSQL's code, never the query or its parameters (errorFields).
 */
export function describeEvaluationError(error: unknown): string {
  const fields = errorFields(error);
  const text = fields.code ? `${fields.error} (${fields.code})` : fields.error;
  return text.length > shownLength ? `${text.slice(0, shownLength)}…` : text;
}

/** How often a rule that keeps failing with the same error is written and logged again. */
const repeatEveryMs = 60_000;

/**
 * Marks a rule (or surge rule) as failing to evaluate, keeping the first failure of the run: a rule that
 * looks enabled and cannot fire is shown as such, not only logged. Writes only when the failure is new,
 * its error changed or the mark is a minute old; answers whether it wrote.
 */
export async function recordEvaluationFailure(
  db: DbOrTx,
  kind: EvaluatedKind,
  id: string,
  error: unknown,
): Promise<boolean> {
  const table = kind === 'rule' ? rules : surgeRules;
  const message = describeEvaluationError(error);
  const written = await db
    .update(table)
    .set({
      evalError: message,
      evalFailedAt: sql`now()`,
      evalFailingSince: sql`coalesce(${table.evalFailingSince}, now())`,
    })
    .where(
      and(
        eq(table.id, id),
        or(
          sql`${table.evalError} is distinct from ${message}`,
          isNull(table.evalFailedAt),
          lt(table.evalFailedAt, sql`now() - make_interval(secs => ${repeatEveryMs / 1000})`),
        ),
      ),
    )
    .returning({ id: table.id });
  return written.length > 0;
}

/**
 * A failed evaluation: marked on the rule, and passed to `onError` (the worker's log) when the mark was
 * written, so a rule failing at every tick is a line a minute, not several a second. Also passed on when
 * the mark cannot be written: the database is then the usual cause, and the log is all that is left.
 */
export async function reportEvaluationFailure(
  db: DbOrTx,
  kind: EvaluatedKind,
  id: string,
  error: unknown,
  onError: ((id: string, error: unknown) => void) | undefined,
): Promise<void> {
  const written = await recordEvaluationFailure(db, kind, id, error).catch(() => true);
  if (written) onError?.(id, error);
}

/** Clears the mark after an evaluation succeeded; callers call it only for rules they read as failing. */
export async function clearEvaluationFailure(db: DbOrTx, kind: EvaluatedKind, id: string): Promise<void> {
  const table = kind === 'rule' ? rules : surgeRules;
  await db
    .update(table)
    .set({ evalError: null, evalFailingSince: null, evalFailedAt: null })
    .where(and(eq(table.id, id), isNotNull(table.evalFailingSince)));
}
