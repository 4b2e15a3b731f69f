import { describe, expect, it } from 'vitest';
import { firedRows, type Transition } from './fired-rows';

const t = (
  ts: string,
  zone: string,
  from: Transition['from'],
  to: Transition['to'],
  value: number | null,
) => ({
  ts,
  series: { zone },
  from,
  to,
  value,
});

describe('would-have-fired rows', () => {
  it('pairs each firing with the series’ next clear, keeps flapping as firing and an unresolved one open', () => {
    const rows = firedRows([
      t('2030-01-01T10:00:00Z', 'north', 'ok', 'pending', 21),
      t('2030-01-01T10:01:00Z', 'north', 'pending', 'firing', 25),
      t('2030-01-01T10:02:00Z', 'south', 'ok', 'firing', 30),
      t('2030-01-01T10:03:00Z', 'north', 'firing', 'flapping', 22),
      t('2030-01-01T10:04:00Z', 'north', 'flapping', 'ok', 3),
      t('2030-01-01T10:05:00Z', 'north', 'ok', 'firing', 40),
    ]);
    expect(rows).toEqual([
      {
        series: { zone: 'north' },
        firedAt: '2030-01-01T10:01:00Z',
        resolvedAt: '2030-01-01T10:04:00Z',
        value: 25,
      },
      { series: { zone: 'south' }, firedAt: '2030-01-01T10:02:00Z', resolvedAt: null, value: 30 },
      { series: { zone: 'north' }, firedAt: '2030-01-01T10:05:00Z', resolvedAt: null, value: 40 },
    ]);
  });
});
