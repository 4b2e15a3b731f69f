import { describe, expect, it } from 'vitest';
import { nextMultiplier, targetFor, type GroupSurge } from './step';

const tiers = [
  { ratio: 1.5, multiplier: 1.2 },
  { ratio: 2, multiplier: 1.5 },
  { ratio: 3, multiplier: 2 },
];
const t0 = Date.UTC(2026, 0, 1, 12);
const at = (seconds: number) => t0 + seconds * 1000;

describe('surge tiers', () => {
  it('maps the ratio to the highest tier it reaches, and applies the cap', () => {
    expect(targetFor({ tiers, cap: null }, 10, 10)).toEqual({ ratio: 1, multiplier: 1 });
    expect(targetFor({ tiers, cap: null }, 15, 10)).toEqual({ ratio: 1.5, multiplier: 1.2 });
    expect(targetFor({ tiers, cap: null }, 29, 10)).toEqual({ ratio: 2.9, multiplier: 1.5 });
    expect(targetFor({ tiers, cap: null }, 90, 10)).toEqual({ ratio: 9, multiplier: 2 });
    expect(targetFor({ tiers, cap: 1.8 }, 90, 10)).toEqual({ ratio: 9, multiplier: 1.8 });
    expect(targetFor({ tiers, cap: 1.8 }, 15, 10)).toEqual({ ratio: 1.5, multiplier: 1.2 });
  });

  it('treats zero supply as the top tier when there is demand, and as no surge without demand', () => {
    expect(targetFor({ tiers, cap: null }, 5, 0)).toEqual({ ratio: null, multiplier: 2 });
    expect(targetFor({ tiers, cap: null }, 5, null)).toEqual({ ratio: null, multiplier: 2 });
    expect(targetFor({ tiers, cap: 1.5 }, 5, 0)).toEqual({ ratio: null, multiplier: 1.5 });
    expect(targetFor({ tiers, cap: null }, 0, 0)).toEqual({ ratio: 0, multiplier: 1 });
    expect(targetFor({ tiers, cap: null }, null, 4)).toEqual({ ratio: 0, multiplier: 1 });
  });
});

describe('surge steps', () => {
  /** Runs a sequence of (second, target) through the step rule, as the engine applies it. */
  const run = (
    settings: { holdSeconds: number; cooldownSeconds: number },
    targets: [number, number][],
  ): [number, number][] => {
    let state: GroupSurge = { multiplier: 1, since: t0, lastChangeAt: null };
    const changes: [number, number][] = [];
    for (const [second, target] of targets) {
      const next = nextMultiplier(settings, state, target, at(second));
      if (next === null) continue;
      state = { multiplier: next, since: at(second), lastChangeAt: at(second) };
      changes.push([second, next]);
    }
    return changes;
  };

  it('steps up at once and down only after the hold time, so a noisy ratio does not oscillate', () => {
    const noisy: [number, number][] = [
      [1, 1.5],
      [2, 1],
      [3, 1.5],
      [4, 1],
      [30, 1],
      [59, 1],
      [60, 1.2],
      [61, 1],
    ];
    expect(run({ holdSeconds: 60, cooldownSeconds: 0 }, noisy)).toEqual([
      [1, 1.5],
      [61, 1],
    ]);
    // Without a hold the multiplier follows every wobble of the ratio.
    expect(run({ holdSeconds: 0, cooldownSeconds: 0 }, noisy)).toHaveLength(6);
  });

  it('keeps changes apart by the cooldown, up or down', () => {
    const rising: [number, number][] = [
      [1, 1.2],
      [5, 1.5],
      [10, 2],
      [11, 2],
      [25, 1],
      [40, 1],
    ];
    expect(run({ holdSeconds: 0, cooldownSeconds: 10 }, rising)).toEqual([
      [1, 1.2],
      [11, 2],
      [25, 1],
    ]);
    expect(run({ holdSeconds: 0, cooldownSeconds: 20 }, rising)).toEqual([
      [1, 1.2],
      [25, 1],
    ]);
  });

  it('stays put when the target is the current multiplier', () => {
    expect(
      nextMultiplier(
        { holdSeconds: 0, cooldownSeconds: 0 },
        { multiplier: 1.5, since: t0, lastChangeAt: t0 },
        1.5,
        at(100),
      ),
    ).toBeNull();
  });
});
