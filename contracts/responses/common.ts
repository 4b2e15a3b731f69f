import { z } from 'zod';

// Shapes every area of the API answers with. The OpenAPI document lists the first two as components
// (server/openapi-components.ts); these modules stay free of documentation machinery.

/** Every error answer (DESIGN.md): `{error:{code, message, field?}}`, with the matching status. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type ErrorBody = z.infer<typeof errorSchema>;

/** The `nextCursor` of a cursor-paged list: passed back as `cursor` for the next (older) page. */
export const nextCursorSchema = z.string().nullable();

/** Labels, or the group values that name one series: name -> value. */
export const labelsSchema = z.record(z.string(), z.string());

/**
 * Why the engine cannot evaluate a rule or surge rule, while it cannot: the error of its latest failed
 * evaluation, the first failure in a row, and the latest one written (again at least once a minute while
 * it keeps failing). ISO-8601 times. Null on a rule whose last evaluation succeeded.
 */
export const evaluationFailureSchema = z
  .object({ error: z.string(), since: z.string(), lastAt: z.string() })
  .nullable();
export type EvaluationFailure = z.infer<typeof evaluationFailureSchema>;
