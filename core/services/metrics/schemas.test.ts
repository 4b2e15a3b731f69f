import { describe, expect, it } from 'vitest';
import { sourceTable } from '@/core/queries/metrics/metric-series';
import { seriesQuerySchema, stepForRange } from './schemas';

describe('series resolution', () => {
  it('picks the finest step that keeps a range within about 1,000 buckets', () => {
    expect(stepForRange(15 * 60)).toBe('1s');
    expect(stepForRange(60 * 60)).toBe('10s');
    expect(stepForRange(12 * 3600)).toBe('1m');
    expect(stepForRange(3 * 86_400)).toBe('5m');
    expect(stepForRange(30 * 86_400)).toBe('1h');
    expect(stepForRange(400 * 86_400)).toBe('1d');
  });

  it('reads 1-second points below a minute, 1-minute rollups below an hour, 1-hour rollups beyond', () => {
    expect(['1s', '10s', '1m', '5m', '1h', '1d'].map((s) => sourceTable(s as '1s'))).toEqual([
      'metric_points',
      'metric_points',
      'metric_rollups_1m',
      'metric_rollups_1m',
      'metric_rollups_1h',
      'metric_rollups_1h',
    ]);
  });

  it('names the field of a bad query', () => {
    const r = seriesQuerySchema.safeParse({ from: 'yesterday', to: '2030-01-01T00:00:00Z', step: '2s' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['from', 'step']);
  });
});
