import { describe, expect, it } from 'vitest';
import { groupKeyOf, type Group, type SeriesData } from '@/components/realtime/series-data';
import { buildTrend } from './trend';

const data = (entries: Array<[Group, Array<[number, number]>]>): SeriesData => ({
  groups: new Map(entries.map(([group, points]) => [groupKeyOf(group), { group, points: new Map(points) }])),
});

const support = { source: 'support', topic: 'billing', type: 'support_ticket' };
const supportDelivery = { source: 'support', topic: 'delivery', type: 'support_ticket' };
const reviews = { source: 'reviews', topic: 'billing', type: 'review' };

describe('sentiment trend', () => {
  const average = data([
    [
      support,
      [
        [1000, -0.8],
        [2000, -0.6],
      ],
    ],
    [supportDelivery, [[1000, 0.4]]],
    [reviews, [[1000, 0.5]]],
  ]);
  const share = data([
    [
      support,
      [
        [1000, 1],
        [2000, 0.5],
      ],
    ],
    [supportDelivery, [[1000, 0]]],
    [reviews, [[1000, 0]]],
  ]);
  const volume = data([
    [
      support,
      [
        [1000, 3],
        [2000, 2],
      ],
    ],
    [supportDelivery, [[1000, 1]]],
    [reviews, [[1000, 4]]],
  ]);
  const noFilter = { source: '', topic: '', type: '' };

  it('weights each second by its texts when merging groups into buckets', () => {
    const trend = buildTrend(average, share, volume, {
      grouping: 'source',
      filters: noFilter,
      from: 0,
      to: 10_000,
      bucketMs: 10_000,
    });
    expect(trend.lines.map((l) => l.key)).toEqual(['reviews', 'support']);
    const supportLine = trend.lines[1]!.points[0]!;
    // (−0.8×3 − 0.6×2 + 0.4×1) / 6 texts; negatives (3 + 1) / 6.
    expect(supportLine.texts).toBe(6);
    expect(supportLine.average).toBeCloseTo(-3.2 / 6, 10);
    expect(supportLine.share).toBeCloseTo(4 / 6, 10);
    expect(trend.total.texts).toBe(10);
    expect(trend.total.share).toBeCloseTo(0.4, 10);
    expect(trend.seen).toEqual({
      source: ['reviews', 'support'],
      topic: ['billing', 'delivery'],
      type: ['review', 'support_ticket'],
    });
  });

  it('splits by topic and applies the filters', () => {
    const trend = buildTrend(average, share, volume, {
      grouping: 'topic',
      filters: { ...noFilter, source: 'support' },
      from: 0,
      to: 10_000,
      bucketMs: 1000,
    });
    expect(trend.lines.map((l) => [l.key, l.points.length])).toEqual([
      ['billing', 2],
      ['delivery', 1],
    ]);
    expect(trend.total.texts).toBe(6);
  });
});
