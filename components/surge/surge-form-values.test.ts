import { describe, expect, it } from 'vitest';
import { emptySurgeValues, surgeFieldOf, validateSurgeRule } from './surge-form-values';
import { multiplierSteps } from './use-surge-live';

const filled = {
  ...emptySurgeValues,
  name: 'Rides',
  demandMetric: 'ride_requests',
  supplyMetric: 'drivers_available',
};

describe('surge rule form', () => {
  it('builds the request body from the inputs', () => {
    const result = validateSurgeRule({
      ...filled,
      cap: '1.8',
      incidentMultiplier: '1.5',
      groupBy: 'zone, city',
    });
    expect(result).toEqual({
      ok: true,
      input: expect.objectContaining({
        groupBy: ['zone', 'city'],
        tiers: [
          { ratio: 1.5, multiplier: 1.2 },
          { ratio: 2, multiplier: 1.5 },
          { ratio: 3, multiplier: 2 },
        ],
        cap: 1.8,
        holdSeconds: 60,
        cooldownSeconds: 30,
        incidentMultiplier: 1.5,
      }) as unknown,
    });
  });

  it('puts each error under its input, tier errors under their row', () => {
    const result = validateSurgeRule({
      ...filled,
      name: '',
      holdSeconds: 'soon',
      tiers: [
        { ratio: '1.5', multiplier: '1.2' },
        { ratio: '1.5', multiplier: '1.5' },
        { ratio: '3', multiplier: '' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.name).toBe('a surge rule needs a name');
    expect(result.fields.holdSeconds).toBeDefined();
    expect(result.fields['tiers.2.multiplier']).toBe('a number is needed');
    expect(validateSurgeRule({ ...filled, tiers: [filled.tiers[0]!, filled.tiers[0]!] })).toMatchObject({
      ok: false,
      fields: { 'tiers.1.ratio': 'tier ratios must be distinct' },
    });
    // Rows out of ratio order: the server's index is of the sorted tiers, so the error goes on the group.
    const unsorted = { ...filled, tiers: [...filled.tiers].reverse() };
    expect(surgeFieldOf('tiers.1.ratio', unsorted)).toBe('tiers');
    expect(surgeFieldOf('tiers.1.ratio', filled)).toBe('tiers.1.ratio');
    expect(surgeFieldOf('groupBy.0', filled)).toBe('groupBy');
  });
});

describe('multiplier history', () => {
  const rule = 'r';
  const ev = (ts: number, previous: number, multiplier: number, zone = 'north') => ({
    rule,
    ruleName: 'Rides',
    group: { zone },
    ts: new Date(ts).toISOString(),
    ratio: null,
    multiplier,
    previous,
  });
  it('draws each group from its multiplier before the range, through each change, to now', () => {
    const steps = multiplierSteps(
      [
        {
          rule,
          ruleName: 'Rides',
          group: { zone: 'north' },
          multiplier: 1,
          ratio: 1,
          since: '',
          lastChangeAt: null,
        },
        {
          rule,
          ruleName: 'Rides',
          group: { zone: 'south' },
          multiplier: 1.5,
          ratio: 2,
          since: '',
          lastChangeAt: null,
        },
      ],
      [ev(5_000, 2, 1), ev(2_000, 1, 2), ev(-10_000, 1, 1.2, 'east')],
      0,
      10_000,
    );
    expect(steps).toEqual([
      // East last changed before the range: it stays at that change's multiplier.
      {
        id: 'zone=east',
        name: 'zone=east',
        points: [
          [0, 1.2],
          [10_000, 1.2],
        ],
      },
      {
        id: 'zone=north',
        name: 'zone=north',
        points: [
          [0, 1],
          [2_000, 2],
          [5_000, 1],
          [10_000, 1],
        ],
      },
      {
        id: 'zone=south',
        name: 'zone=south',
        points: [
          [0, 1.5],
          [10_000, 1.5],
        ],
      },
    ]);
  });
});
