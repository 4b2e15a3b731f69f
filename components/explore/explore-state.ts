import { ruleWindows, type RuleWindow } from '@/lib/alerting/types';
import { steps, type Step } from '@/core/services/metrics/schemas';

/** Ranges the explorer offers; `live` tails the last 5 minutes over the socket. */
export const explorerRanges = [
  { value: 'live', label: 'Live tail (5 m)', ms: 5 * 60_000 },
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { value: 'custom', label: 'Custom…', ms: 0 },
] as const;
export type ExplorerRange = (typeof explorerRanges)[number]['value'];

/** Everything the explorer shows, as the URL query carries it (so a link reproduces the view). */
export type ExplorerState = {
  metric: string;
  group: string[];
  range: ExplorerRange;
  /** Custom range bounds, epoch ms (only with `range: 'custom'`). */
  from: number | null;
  to: number | null;
  /** Bucket width; null lets the server choose from the range. */
  step: Step | null;
  /** Draw incidents of the range on the chart. */
  incidents: boolean;
  /** Each point over this rolling window (as a rule with this window evaluates it); null: per bucket. */
  window: RuleWindow | null;
  /** Only the series with these dimension values (a rule's one series). */
  where: Record<string, string>;
};

export const defaultExplorerState: ExplorerState = {
  metric: 'events',
  group: [],
  range: '1h',
  from: null,
  to: null,
  step: null,
  incidents: true,
  window: null,
  where: {},
};

function parseWhere(value: string | null): Record<string, string> {
  if (!value) return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

function parseTime(value: string | null): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** Reads the state from a query string; anything unknown or malformed falls back to the default. */
export function parseExplorerState(params: URLSearchParams): ExplorerState {
  const range =
    explorerRanges.find((r) => r.value === params.get('range'))?.value ?? defaultExplorerState.range;
  const from = parseTime(params.get('from'));
  const to = parseTime(params.get('to'));
  const customOk = range === 'custom' && from !== null && to !== null && to > from;
  const step = steps.find((s) => s === params.get('step')) ?? null;
  const group = (params.get('group') ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
  return {
    metric: params.get('metric')?.trim() || defaultExplorerState.metric,
    group: [...new Set(group)],
    range: range === 'custom' && !customOk ? defaultExplorerState.range : range,
    from: customOk ? from : null,
    to: customOk ? to : null,
    step: range === 'live' ? null : step,
    incidents: params.get('incidents') !== 'off',
    // The live tail plays 1-second buckets over the socket: no rolling window there.
    window: range === 'live' ? null : (ruleWindows.find((w) => w === params.get('window')) ?? null),
    where: parseWhere(params.get('where')),
  };
}

/** The query string for a state (defaults left out, so URLs stay short). */
export function explorerQuery(state: ExplorerState): string {
  const params = new URLSearchParams();
  params.set('metric', state.metric);
  if (state.group.length > 0) params.set('group', state.group.join(','));
  params.set('range', state.range);
  if (state.range === 'custom' && state.from !== null && state.to !== null) {
    params.set('from', new Date(state.from).toISOString());
    params.set('to', new Date(state.to).toISOString());
  }
  if (state.step && state.range !== 'live') params.set('step', state.step);
  if (!state.incidents) params.set('incidents', 'off');
  if (state.window && state.range !== 'live') params.set('window', state.window);
  if (Object.keys(state.where).length > 0) params.set('where', JSON.stringify(state.where));
  return params.toString();
}

/** The time span a state covers at `now` (relative ranges end now). */
export function explorerWindow(state: ExplorerState, now: number): { from: number; to: number } {
  if (state.range === 'custom' && state.from !== null && state.to !== null)
    return { from: state.from, to: state.to };
  const ms = explorerRanges.find((r) => r.value === state.range)?.ms ?? 3_600_000;
  return { from: now - ms, to: now };
}
