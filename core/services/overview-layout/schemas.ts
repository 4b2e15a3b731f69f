import { z } from 'zod';

/**
 * The Overview's panel catalogue. Built-in panels are computed on the page from the `events` metric and
 * the starter metrics; `metric:<name>` shows any metric of the catalogue (its rolling value as a tile,
 * its live series as a chart). Client-safe: the customize dialog, the handler and the service share it.
 */
export const builtInKpis = [
  'events-per-second',
  'purchases-per-minute',
  'revenue-per-minute',
  'errors-per-second',
  'latency-p95',
  'active-types',
] as const;
export const builtInCharts = ['events-by-type', 'purchases', 'errors', 'revenue', 'latency-p95'] as const;

export const metricPanelPrefix = 'metric:';

/** A metric panel's id, e.g. `metric:checkout_errors`. */
export function metricPanelId(metric: string): string {
  return `${metricPanelPrefix}${metric}`;
}

/** The metric a panel id names, or null for a built-in panel. */
export function metricOfPanel(id: string): string | null {
  return id.startsWith(metricPanelPrefix) ? id.slice(metricPanelPrefix.length) : null;
}

/** What everyone sees until an admin saves a team default: the overview as it shipped. */
export const builtInOverviewLayout = {
  kpis: [...builtInKpis],
  charts: [...builtInCharts],
};

/** At most this many tiles and this many charts: the page stays readable and its queries bounded. */
export const maxPanels = 16;

const metricPanel = z
  .string()
  .regex(/^metric:[a-z][a-z0-9_]{0,62}$/, 'a metric panel is metric:<metric name>');

function panelList(builtIn: readonly string[], what: 'tile' | 'chart') {
  return z
    .array(
      z.union([z.enum(builtIn as [string, ...string[]]), metricPanel], {
        error: `each ${what} is one of ${builtIn.join(', ')} or metric:<metric name>`,
      }),
    )
    .max(maxPanels, `at most ${maxPanels} ${what}s`)
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: `${id} is listed twice` });
        seen.add(id);
      });
    });
}

export const overviewLayoutInputSchema = z.strictObject({
  /** KPI tiles, in display order. */
  kpis: panelList(builtInKpis, 'tile'),
  /** Charts, in display order. */
  charts: panelList(builtInCharts, 'chart'),
});
export type OverviewLayoutInput = z.infer<typeof overviewLayoutInputSchema>;
