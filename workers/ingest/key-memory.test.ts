import { describe, expect, it } from 'vitest';
import { KeyMemory } from './key-memory';

/** Claims keys given as strings; answers the free and held ones as strings. */
function claimKeys(memory: KeyMemory, keys: string[]) {
  const c = memory.claim(keys.map((key) => ({ key })));
  return { ...c, free: c.free.map((i) => i.key), held: c.held.map((i) => i.key) };
}

describe('KeyMemory', () => {
  it('holds back keys a running flush claims, until it settles', async () => {
    const memory = new KeyMemory();
    const a = claimKeys(memory, ['a', 'b', 'a']);
    const b = claimKeys(memory, ['b', 'c']);
    expect([a.free, a.held, a.known, b.free, b.held, b.known]).toEqual([['a', 'b'], [], 1, ['c'], ['b'], 0]);
    let waited = false;
    const waiting = Promise.all(b.earlier).then(() => (waited = true));
    await Promise.resolve();
    expect(waited).toBe(false);
    a.settle(true);
    await waiting;
    // Claimed again after the holder committed: a duplicate, answered from memory.
    const again = claimKeys(memory, b.held);
    expect([again.free, again.held, again.known, memory.hits]).toEqual([[], [], 1, 1]);
    b.settle(true);
    again.settle(true);
    expect(memory.running).toBe(0);
  });

  it('frees the keys of a flush that failed', () => {
    const memory = new KeyMemory();
    const a = claimKeys(memory, ['a', 'b']);
    a.settle(false);
    a.settle(true); // settles once
    const b = claimKeys(memory, ['a', 'b']);
    expect([b.free, b.known]).toEqual([['a', 'b'], 0]);
  });

  it('answers committed keys for maxAgeMs, and keeps at most maxKeys', () => {
    let now = 0;
    const memory = new KeyMemory({ maxKeys: 4, maxAgeMs: 1000, now: () => now });
    claimKeys(memory, ['a', 'b']).settle(true);
    now = 999;
    expect(claimKeys(memory, ['a']).known).toBe(1);
    now = 1001; // past its age: claimed again (PostgreSQL then decides), and dropped from memory
    const late = claimKeys(memory, ['b']);
    expect([late.free, late.known, memory.size]).toEqual([['b'], 0, 1]);
    late.settle(true);
    // More keys than maxKeys before a claim: the oldest go, even while a flush still claims them.
    const running = claimKeys(memory, ['c', 'd', 'e']);
    claimKeys(memory, ['f']);
    expect(memory.size).toBe(5);
    claimKeys(memory, ['g']); // drops b
    expect(memory.size).toBe(5);
    claimKeys(memory, ['h']); // drops c, although its flush runs
    const next = claimKeys(memory, ['b', 'c', 'e']); // drops d
    expect([next.free, next.held]).toEqual([['b', 'c'], ['e']]);
    running.settle(true);
  });

  it('looks keys up first for a while once a second collision comes within a few claims', () => {
    let now = 0;
    const memory = new KeyMemory({ lookUpMs: 30_000, lookUpAfter: 3, now: () => now });
    const claims = (n: number) => {
      for (let i = 0; i < n; i++) memory.claim([{ key: `k${now}-${i}` }]).settle(true);
    };
    claims(1);
    memory.collided(); // a late re-send now and then: not worth a look-up per flush
    claims(4);
    memory.collided();
    expect(memory.lookUpFirst).toBe(false);
    claims(3);
    memory.collided(); // the second within three claims: collisions are common
    now = 29_999;
    expect(memory.lookUpFirst).toBe(true);
    now = 30_000;
    expect(memory.lookUpFirst).toBe(false);
  });
});
