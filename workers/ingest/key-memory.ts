/**
 * The de-duplication keys this process's flushes claimed: the ones they are claiming now and the ones they
 * committed lately, in one map (one look-up per key; the map's insertion order is the keys' age).
 *
 * - A key a running flush is claiming is held back by the others until that flush settles (by then it is
 *   mostly a duplicate): claiming it at once would make the second flush's COPY of keys wait for the first
 *   transaction, fail, and fall back to re-claiming its whole batch with ON CONFLICT. Flushes wait only for
 *   earlier ones, so they cannot wait in a circle.
 * - A key a flush committed in the last `maxAgeMs` is a duplicate, answered without asking PostgreSQL
 *   (most duplicates are re-sends of events stored a moment ago: a client retrying a request, redundant
 *   senders), and the flush COPYs its other keys without looking them up first.
 *
 * The primary key of `event_keys` stays the arbiter: a key this process never saw (stored by another worker
 * process, before a restart, or longer ago than this remembers) makes that COPY fail, the flush re-claims
 * with ON CONFLICT DO NOTHING. A collision costs about what a look-up does, so flushes look their keys up
 * first only where collisions are common: a second collision within `lookUpAfter` claims turns look-ups on
 * for `lookUpMs` (several worker processes sharing re-sent keys), while late re-sends now and then (a
 * client's retry after the memory forgot its first attempt) cost one redone claim each.
 */
export class KeyMemory {
  private readonly claims = new Map<string, Claim>();
  private lookUpUntil = 0;
  private claimsSinceCollision = Infinity;
  private runningClaims = 0;
  /** Keys answered as duplicates from memory (tests). */
  hits = 0;

  /**
   * A memory for one call (tests, scripts): it knows nothing stored before, so its claims look every key up
   * first.
   */
  static oneOff(): KeyMemory {
    const memory = new KeyMemory();
    memory.lookUpUntil = Infinity;
    return memory;
  }

  constructor(
    private readonly options: {
      /**
       * Keys remembered before a claim at most (at 50,000 events/s, 4 s). A bigger memory answers older
       * re-sends but costs every event more: at 500,000 keys the map's look-ups miss the CPU caches (1.9 µs
       * per event against 1.4 at 200,000 in a CPU-only loop). @defaultValue 200000
       */
      maxKeys?: number;
      /** How long a committed key is answered from memory. @defaultValue 5000 */
      maxAgeMs?: number;
      /**
       * How long flushes look up first once collisions are common; short, since a burst of late re-sends
       * (clients retrying after a 429) turns it on as well. @defaultValue 2000
       */
      lookUpMs?: number;
      /** Claims within which a second collision turns look-ups on. @defaultValue 5 */
      lookUpAfter?: number;
      now?: () => number;
    } = {},
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * Sorts a flush's events by key: the first event of each `free` key is now claimed by this flush until
   * `settle`; `held` ones another running flush claims (claim them again once the `earlier` flushes have
   * settled); `known` counts the duplicates: keys a flush committed lately and repeats within this claim.
   * `settle(true)` after the commit makes the free keys known; `settle(false)` after a rollback frees them.
   */
  claim<T extends { key: string }>(
    items: readonly T[],
  ): {
    free: T[];
    held: T[];
    known: number;
    earlier: Promise<void>[];
    settle: (committed: boolean) => void;
  } {
    const now = this.now();
    this.prune(now);
    const knownSince = now - (this.options.maxAgeMs ?? 5_000);
    const claim = new Claim(now);
    this.runningClaims++;
    this.claimsSinceCollision++;
    const free: T[] = [];
    const held: T[] = [];
    const earlier = new Set<Promise<void>>();
    let known = 0;
    let hits = 0;
    for (const item of items) {
      const key = item.key;
      const other = this.claims.get(key);
      if (other === undefined) {
        this.claims.set(key, claim);
        free.push(item);
      } else if (other === claim) {
        known++; // a repeat within this claim
      } else if (other.state === running) {
        held.push(item);
        earlier.add(other.settled);
      } else if (other.state === committed && other.at >= knownSince) {
        hits++;
      } else {
        // Failed, or older than the memory answers for: claimed again, at the young end of the map.
        this.claims.delete(key);
        this.claims.set(key, claim);
        free.push(item);
      }
    }
    this.hits += hits;
    const settle = (ok: boolean) => {
      if (claim.state !== running) return;
      claim.state = ok ? committed : failed;
      claim.at = this.now();
      this.runningClaims--;
      claim.resolve();
    };
    return { free, held, known: known + hits, earlier: [...earlier], settle };
  }

  /**
   * Drops the oldest keys: settled ones past their age, and any beyond `maxKeys` (a key dropped while its
   * flush still runs only costs a concurrent flush the fallback; PostgreSQL still decides).
   */
  private prune(now: number): void {
    const maxKeys = this.options.maxKeys ?? 200_000;
    const before = now - (this.options.maxAgeMs ?? 5_000);
    for (const [key, claim] of this.claims) {
      if (this.claims.size <= maxKeys && (claim.state === running || claim.at >= before)) break;
      this.claims.delete(key);
    }
  }

  /** Whether the next claim should look its keys up before COPYing them. */
  get lookUpFirst(): boolean {
    return this.now() < this.lookUpUntil;
  }

  /** A claim without look-up met a key taken elsewhere: the second time within a few claims, look up first. */
  collided(): void {
    if (this.claimsSinceCollision <= (this.options.lookUpAfter ?? 5)) {
      this.lookUpUntil = this.now() + (this.options.lookUpMs ?? 2_000);
    }
    this.claimsSinceCollision = 0;
  }

  /** Flushes claiming keys right now (tests). */
  get running(): number {
    return this.runningClaims;
  }

  /** Keys remembered (tests). */
  get size(): number {
    return this.claims.size;
  }
}

const running = 0;
const committed = 1;
const failed = 2;

/** One flush's claim: running until its transaction commits or fails. */
class Claim {
  state: typeof running | typeof committed | typeof failed = running;
  resolve!: () => void;
  /** Resolves when the claim settles, either way. */
  readonly settled = new Promise<void>((resolve) => (this.resolve = resolve));

  constructor(
    /** When it started; when it settled, once it has. */
    public at: number,
  ) {}
}
