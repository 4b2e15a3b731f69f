import { describe, expect, it } from 'vitest';
import { ruleKinds } from '.';

const at = { end: Date.parse('2030-01-08T12:00:00Z'), windowMs: 300_000 };
const present = (value: number | null, count = value ?? 0) => ({ value, count, present: true });

describe('rule kinds', () => {
  it('threshold: breaches past the value and clears only past the clear value', () => {
    const k = ruleKinds.threshold.prepare({ op: '>', value: 100, clearValue: 80 });
    expect(k.evaluate([present(101)])).toMatchObject({ breaching: true, clear: false, threshold: 100 });
    expect(k.evaluate([present(90)])).toMatchObject({ breaching: false, clear: false });
    expect(k.evaluate([present(80)])).toMatchObject({ breaching: false, clear: true });
    expect(k.evaluate([present(null)])).toMatchObject({ breaching: false, clear: true });
    expect(() => ruleKinds.threshold.prepare({ op: '<', value: 10, clearValue: 5 })).toThrow(/clearValue/);
  });

  it('threshold with minCount: a window with fewer events is not judged, so it neither fires nor holds', () => {
    const k = ruleKinds.threshold.prepare({ op: '>', value: 8, clearValue: 3, minCount: 20 });
    // One failure in three requests: 33%, but three events are not enough to judge.
    expect(k.evaluate([present(33.3, 3)])).toMatchObject({ value: null, breaching: false, clear: true });
    expect(k.evaluate([present(33.3, 19)])).toMatchObject({ value: null, breaching: false });
    expect(k.evaluate([present(33.3, 20)])).toMatchObject({ value: 33.3, breaching: true, clear: false });
    expect(ruleKinds.threshold.prepare({ op: '>', value: 8 }).evaluate([present(33.3, 3)])).toMatchObject({
      breaching: true,
    });
    expect(() => ruleKinds.threshold.prepare({ op: '>', value: 8, minCount: 0 })).toThrow(/minCount/);
    expect(() => ruleKinds.threshold.prepare({ op: '>', value: 8, minCount: 2.5 })).toThrow(/minCount/);
  });

  it('rate of change: percent against the compared window, no verdict against zero', () => {
    const k = ruleKinds.rate_of_change.prepare({ compare: 'previous_window', op: '<=', percent: -50 });
    expect(k.windows(at)).toEqual([
      { from: at.end - 300_000, to: at.end, resolution: 'second' },
      { from: at.end - 600_000, to: at.end - 300_000, resolution: 'second' },
    ]);
    expect(k.evaluate([present(40), present(100)])).toMatchObject({ value: -60, breaching: true });
    expect(k.evaluate([present(60), present(100)])).toMatchObject({
      value: -40,
      breaching: false,
      clear: true,
    });
    expect(k.evaluate([present(60), present(0)])).toMatchObject({ value: null, breaching: false });
    const daily = ruleKinds.rate_of_change.prepare({ compare: 'same_time_yesterday', op: '>', percent: 10 });
    expect(daily.windows(at)[1]).toEqual({
      from: at.end - 86_400_000 - 300_000,
      to: at.end - 86_400_000,
      resolution: 'second',
    });
  });

  it('no data: breaches on zero events, filters by event type', () => {
    const k = ruleKinds.no_data.prepare({ eventType: 'heartbeat', for: 120 });
    expect(k.filter).toEqual({ type: 'heartbeat' });
    expect(k.windows(at)[0]).toEqual({ from: at.end - 120_000, to: at.end, resolution: 'second' });
    expect(k.evaluate([present(0, 0)])).toMatchObject({ breaching: true, clear: false });
    expect(k.evaluate([present(3, 3)])).toMatchObject({ breaching: false, clear: true });
  });

  it('anomaly: robust z-score against the seasonal baseline, deterministic', () => {
    const k = ruleKinds.anomaly.prepare({ sensitivity: 'medium', seasonality: 'daily', lookback: 3 });
    const windows = k.windows(at);
    // The current window, then the same window 1, 2 and 3 days back with two neighbours either side.
    expect(windows).toHaveLength(1 + 3 * 5);
    expect(windows[3]).toEqual({
      from: at.end - 86_400_000 - 300_000,
      to: at.end - 86_400_000,
      resolution: 'minute',
    });
    const baseline = [98, 100, 102, 99, 101, 100, 97, 103, 100, 100, 99, 101, 100, 98, 102].map((v) =>
      present(v),
    );
    const normal = k.evaluate([present(102), ...baseline]);
    expect(normal).toMatchObject({ breaching: false, clear: true, detail: { median: 100, samples: 15 } });
    // Between half the line and the line: neither breaching nor clear (hysteresis).
    expect(k.evaluate([present(104), ...baseline])).toMatchObject({ breaching: false, clear: false });
    // MAD 1 → spread 1.4826; 4 spreads above 100 is the line.
    const spike = k.evaluate([present(106), ...baseline]);
    expect(spike.breaching).toBe(true);
    expect(spike.threshold).toBeCloseTo(100 + 4 * 1.4826, 6);
    expect(k.evaluate([present(94), ...baseline]).breaching).toBe(true);
    const up = ruleKinds.anomaly.prepare({ seasonality: 'daily', direction: 'up', lookback: 3 });
    expect(up.evaluate([present(94), ...baseline]).breaching).toBe(false);
    // Windows without any data of the metric are left out of the baseline, not read as zero.
    const sparse = baseline.map((b, i) => (i < 12 ? { value: 0, count: 0, present: false } : b));
    expect(k.evaluate([present(500), ...sparse])).toMatchObject({ breaching: false, detail: { samples: 3 } });
  });

  it('anomaly: a perfectly regular series does not fire on tiny deviations', () => {
    const k = ruleKinds.anomaly.prepare({ seasonality: 'weekly', sensitivity: 'high' });
    const flat = Array.from({ length: 20 }, () => present(50));
    expect(k.evaluate([present(50.5), ...flat]).breaching).toBe(false);
    expect(k.evaluate([present(80), ...flat]).breaching).toBe(true);
  });
});
