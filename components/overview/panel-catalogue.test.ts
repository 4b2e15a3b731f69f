import { describe, expect, it } from 'vitest';
import { moveEntry, panelLabel, panelOptions } from './panel-catalogue';

describe('overview panel catalogue', () => {
  it('moves an entry one place up or down, and leaves the ends alone', () => {
    expect(moveEntry(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveEntry(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('offers the built-in panels and every catalogue metric', () => {
    const metrics = [{ name: 'checkout_errors' }] as unknown as Parameters<typeof panelOptions>[1];
    const kpis = panelOptions('kpis', metrics);
    expect(kpis[0]).toEqual({ id: 'events-per-second', label: 'Events / s' });
    expect(kpis.at(-1)).toEqual({ id: 'metric:checkout_errors', label: 'Metric: checkout_errors' });
    expect(panelLabel('charts', 'events-by-type')).toBe('Events per second by type');
  });
});
