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
