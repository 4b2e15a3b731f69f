import { describe, expect, it } from 'vitest';
import { defaultExplorerState, explorerQuery, explorerWindow, parseExplorerState } from './explore-state';

describe('explorer URL state', () => {
  it('round-trips through the query string', () => {
    const state = {
      metric: 'api_latency',
      group: ['endpoint', 'region'],
      range: 'custom' as const,
      from: Date.parse('2030-01-01T10:00:00Z'),
      to: Date.parse('2030-01-01T12:00:00Z'),
      step: '1m' as const,
      incidents: false,
      window: null,
      where: {},
    };
    const query = explorerQuery(state);
    expect(query).toBe(
      'metric=api_latency&group=endpoint%2Cregion&range=custom&from=2030-01-01T10%3A00%3A00.000Z&to=2030-01-01T12%3A00%3A00.000Z&step=1m&incidents=off',
    );
    expect(parseExplorerState(new URLSearchParams(query))).toEqual(state);
  });

  it('carries a rule’s query: rolling window and one series', () => {
    const state = {
      ...defaultExplorerState,
      metric: 'checkout_latency',
      group: ['route'],
      window: '5m' as const,
      where: { route: '/checkout' },
    };
    const query = explorerQuery(state);
    expect(query).toBe(
      'metric=checkout_latency&group=route&range=1h&window=5m&where=%7B%22route%22%3A%22%2Fcheckout%22%7D',
    );
    expect(parseExplorerState(new URLSearchParams(query))).toEqual(state);
    expect(parseExplorerState(new URLSearchParams('window=2m&where=%5B1%5D'))).toEqual(defaultExplorerState);
  });

  it('falls back to defaults for junk and for a custom range without valid bounds', () => {
    expect(parseExplorerState(new URLSearchParams('range=2y&step=7s'))).toEqual(defaultExplorerState);
    const backwards = parseExplorerState(
      new URLSearchParams('range=custom&from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z'),
    );
    expect(backwards.range).toBe('1h');
    expect(backwards.from).toBeNull();
  });

  it('live tail ignores a step and relative ranges end now', () => {
    const live = parseExplorerState(new URLSearchParams('metric=events&range=live&step=1h'));
    expect(live.step).toBeNull();
    expect(explorerWindow(live, 1_000_000)).toEqual({ from: 700_000, to: 1_000_000 });
    expect(explorerWindow({ ...live, range: '7d' }, 1e12).from).toBe(1e12 - 7 * 86_400_000);
  });
});
