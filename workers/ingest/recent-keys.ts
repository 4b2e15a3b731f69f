/**
 * The de-duplication keys this process committed lately, and whether its key claims may skip the look-up.
 *
 * A flush claims its keys with a look-up of the ones already taken and a COPY of the others. Most
 * duplicates are re-sends of events this process stored a moment ago (a client retrying a request,
 * redundant senders): those are answered here, without asking PostgreSQL, and the flush then COPYs its
 * keys straight away. The primary key of `event_keys` stays the arbiter: a key this process never saw
 * (stored by another worker process, before a restart, or longer ago than this remembers) makes that COPY
 * fail, the flush re-claims with ON CONFLICT DO NOTHING, and the flushes of the next `lookUpMs` look up
 * first again, so a deployment where such keys are common keeps the cheaper path for it.
 */
export class RecentKeys {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;
  private lookUpUntil = 0;
  /** Keys answered as duplicates from memory (tests). */
  hits = 0;

  constructor(
    private readonly options: {
      /** Keys per generation; two generations are kept (at 50,000 events/s, 5-10 s). @defaultValue 250000 */
      maxKeys?: number;
      /** Age of a generation before it is replaced. @defaultValue 10000 */
      maxAgeMs?: number;
      /** How long flushes look up first after a claim met a key it did not know. @defaultValue 10000 */
      lookUpMs?: number;
      now?: () => number;
    } = {},
  ) {
    this.rotatedAt = this.now();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * Drops generations past their age or size, so a quiet process never answers from old memory. Called
   * once per transaction, before its `has` calls.
   */
  prune(): void {
    const age = this.now() - this.rotatedAt;
    const maxAgeMs = this.options.maxAgeMs ?? 10_000;
    if (age < maxAgeMs && this.current.size < (this.options.maxKeys ?? 250_000)) return;
    this.previous = age < 2 * maxAgeMs ? this.current : new Set();
    this.current = new Set();
    this.rotatedAt = this.now();
  }

  /** True when this process committed the key lately: the event is a duplicate. */
  has(key: string): boolean {
    const seen = this.current.has(key) || this.previous.has(key);
    if (seen) this.hits++;
    return seen;
  }

  /** Records keys whose claim has committed (never before: a rolled-back claim took nothing). */
  add(keys: readonly string[]): void {
    for (const key of keys) this.current.add(key);
  }

  /** Whether the next claim should look its keys up before COPYing them. */
  get lookUpFirst(): boolean {
    return this.now() < this.lookUpUntil;
  }

  /** A claim without look-up met a key taken elsewhere: look up first for a while. */
  collided(): void {
    this.lookUpUntil = this.now() + (this.options.lookUpMs ?? 10_000);
  }

  /** Keys remembered (tests). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
