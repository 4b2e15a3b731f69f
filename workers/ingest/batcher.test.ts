import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher';

/** A promise and the function that resolves it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('Batcher', () => {
  it('starts the next flush when a running one releases its slot, and drain still waits for both', async () => {
    const started: number[][] = [];
    const first = gate();
    const batcher = new Batcher<number>(
      async (items, release) => {
        started.push(items);
        if (items.includes(1)) {
          release(); // its own work is done; it only waits now
          release(); // a second call frees nothing more
          await first.opened;
        }
        return items.map(() => null);
      },
      { maxWaitMs: 1, maxSize: 1, sizeOf: () => 1, concurrency: 1 },
    );
    const one = batcher.add(1);
    const two = batcher.add(2);
    const three = batcher.add(3);
    await two;
    await three;
    expect(started).toEqual([[1], [2], [3]]);
    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(drained).toBe(false);
    first.open();
    await Promise.all([one, draining]);
    expect(drained).toBe(true);
  });

  it('runs no more flushes at once than its concurrency while none releases', async () => {
    let running = 0;
    let most = 0;
    const batcher = new Batcher<number>(
      async (items) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return items.map(() => null);
      },
      { maxWaitMs: 1, maxSize: 1, sizeOf: () => 1, concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.add(i)));
    expect(most).toBe(2);
  });
});
