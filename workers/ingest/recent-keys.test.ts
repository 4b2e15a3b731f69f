import { describe, expect, it } from 'vitest';
import { RecentKeys } from './recent-keys';

describe('RecentKeys', () => {
  it('remembers committed keys for one to two generations, by age and by count', () => {
    let now = 0;
    const recent = new RecentKeys({ maxKeys: 3, maxAgeMs: 1000, now: () => now });
    recent.add(['a', 'b']);
    now = 900;
    recent.prune();
    expect([recent.has('a'), recent.has('c')]).toEqual([true, false]);
    now = 1000; // the first generation ages into the previous one, still answered
    recent.prune();
    recent.add(['c']);
    expect([recent.has('a'), recent.has('c')]).toEqual([true, true]);
    recent.add(['d', 'e', 'f']); // the current generation reached maxKeys: a third one drops 'a'
    recent.prune();
    recent.add(['g']);
    expect([recent.has('a'), recent.has('c'), recent.has('f'), recent.has('g')]).toEqual([
      false,
      true,
      true,
      true,
    ]);
    now = 5000; // quiet for two ages: nothing is answered from old memory
    recent.prune();
    expect([recent.has('f'), recent.has('g'), recent.size]).toEqual([false, false, 0]);
  });

  it('looks keys up first for a while after a collision', () => {
    let now = 0;
    const recent = new RecentKeys({ lookUpMs: 30_000, now: () => now });
    expect(recent.lookUpFirst).toBe(false);
    recent.collided();
    now = 29_999;
    expect(recent.lookUpFirst).toBe(true);
    now = 30_000;
    expect(recent.lookUpFirst).toBe(false);
  });
});
