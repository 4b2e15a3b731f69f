import { z } from 'zod';

// What the overview-layout API answers.

/** The panels a person sees, in display order, and where that layout comes from. */
export const overviewLayoutViewSchema = z.object({
  /** KPI tiles, in display order. */
  kpis: z.array(z.string()),
  /** Charts, in display order. */
  charts: z.array(z.string()),
  /** Where the layout a person sees comes from. */
  source: z.enum(['user', 'team', 'built-in']),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type OverviewLayoutView = z.infer<typeof overviewLayoutViewSchema>;
export type OverviewLayoutSource = OverviewLayoutView['source'];

/** GET /api/v1/overview-layout: the caller's layout, and the team default it falls back to. */
export const overviewLayoutResponseSchema = overviewLayoutViewSchema.extend({
  teamDefault: overviewLayoutViewSchema,
});
export type OverviewLayoutResponse = z.infer<typeof overviewLayoutResponseSchema>;
