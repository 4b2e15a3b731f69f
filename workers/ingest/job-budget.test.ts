import { describe, expect, it } from 'vitest';
import { JobBudget } from './job-budget';

const settled = () => new Promise((r) => setImmediate(r));

describe('JobBudget', () => {
  it('admits jobs while they fit, in arrival order, and the next ones as held ones are released', async () => {
    const budget = new JobBudget(100);
    const admitted: string[] = [];
    const take = (name: string, bytes: number) =>
      budget.acquire(bytes).then((release) => {
        admitted.push(name);
        return release;
      });
    const a = take('a', 60);
    const b = take('b', 50); // does not fit beside a
    const c = take('c', 10); // would fit, but waits behind b
    await settled();
    expect(admitted).toEqual(['a']);
    expect(budget.held).toBe(60);
    expect(budget.jobs).toBe(3);
    expect(budget.room).toBe(100 - 60 - 60);
    (await a)();
    await settled();
    expect(admitted).toEqual(['a', 'b', 'c']);
    expect(budget.held).toBe(60);
    (await b)();
    (await c)();
    expect(budget.held).toBe(0);
    expect(budget.peak).toBe(60);
  });

  it('admits a job bigger than the whole budget alone, and releasing twice frees it once', async () => {
    const budget = new JobBudget(100);
    const big = await budget.acquire(250);
    let small = false;
    const next = budget.acquire(10).then((release) => ((small = true), release));
    await settled();
    expect(small).toBe(false);
    big();
    big();
    await settled();
    expect(small).toBe(true);
    expect(budget.held).toBe(10);
    (await next)();
    expect(budget.held).toBe(0);
  });
});
