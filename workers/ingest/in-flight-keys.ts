/**
 * The de-duplication keys that this process's running flushes are claiming. A flush leaves out the events
 * whose keys an earlier running flush holds and stores them once that flush has settled (by then they are
 * mostly duplicates): claiming them at once makes its COPY of keys wait for the other transaction, fail,
 * and fall back to re-claiming its whole batch with ON CONFLICT. Flushes wait only for earlier ones, so
 * they cannot wait in a circle; other worker processes still meet the fallback, which stays the arbiter.
 */
export class InFlightKeys {
  private readonly holders = new Map<string, Promise<void>>();

  /**
   * Registers the keys no running flush holds as held until `release`, and answers the others with the
   * flushes to wait for before claiming them.
   */
  acquire(keys: readonly string[]): {
    free: string[];
    held: string[];
    earlier: Promise<void>[];
    release: () => void;
  } {
    let settle = () => {};
    const done = new Promise<void>((resolve) => (settle = resolve));
    const free: string[] = [];
    const held: string[] = [];
    const earlier = new Set<Promise<void>>();
    for (const key of keys) {
      const holder = this.holders.get(key);
      if (holder) {
        held.push(key);
        earlier.add(holder);
      } else {
        free.push(key);
        this.holders.set(key, done);
      }
    }
    const release = () => {
      for (const key of free) if (this.holders.get(key) === done) this.holders.delete(key);
      settle();
    };
    return { free, held, earlier: [...earlier], release };
  }

  /** Keys held right now (tests). */
  get size(): number {
    return this.holders.size;
  }
}
