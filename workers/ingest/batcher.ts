/**
 * Gathers the jobs a worker is processing at once into one flush, so one transaction stores many
 * requests. Each job's promise settles with its flush: the job is acknowledged only after the commit.
 */
export class Batcher<T> {
  private pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Every flush not yet settled (drain waits for them all). */
  private readonly flushing = new Set<Promise<void>>();
  /** Flushes holding a slot: not settled and not released. */
  private inSlots = 0;
  private pendingSize = 0;

  constructor(
    /**
     * Stores the items; answers one outcome per item (null when it succeeded). A flush that only waits for
     * others before it can finish (its own work done) calls `release`, and the next flush takes its slot.
     */
    private readonly flush: (items: T[], release: () => void) => Promise<(Error | null)[]>,
    private readonly options: {
      /** Longest wait for more items before a flush, in ms. */
      maxWaitMs: number;
      /** Flush as soon as this many size units (events) wait. */
      maxSize: number;
      sizeOf: (item: T) => number;
      /** Flushes running at once; the next waits for a free slot. @defaultValue 1 */
      concurrency?: number;
    },
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pendingSize += this.options.sizeOf(item);
      if (this.pendingSize >= this.options.maxSize) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.options.maxWaitMs);
    });
  }

  /** Starts a flush when a slot is free; a finishing flush starts the next. */
  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inSlots >= (this.options.concurrency ?? 1) || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingSize = 0;
    this.inSlots++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inSlots--;
      if (this.pending.length > 0) this.kick();
    };
    const running: Promise<void> = this.flush(
      batch.map((b) => b.item),
      release,
    ).then(
      (outcomes) =>
        batch.forEach((b, i) => {
          const error = outcomes[i];
          if (error) b.reject(error);
          else b.resolve();
        }),
      (error: unknown) => batch.forEach((b) => b.reject(error)),
    );
    this.flushing.add(running);
    void running.finally(() => {
      this.flushing.delete(running);
      release();
    });
  }

  /** Waits for the running flushes and flushes what is pending (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.flushing.size > 0 || this.pending.length > 0) {
      this.kick();
      await Promise.allSettled(this.flushing);
    }
  }
}
