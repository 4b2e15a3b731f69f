/**
 * The payload bytes of the ingest jobs a worker process holds, bounded: a job waits here, before it is
 * unpacked into events, until the jobs already held leave room for it, and is held until it settles (its
 * events live in memory until their flush commits). Without it a worker held up to concurrency × job size
 * (256 jobs of up to 5 MB). A job bigger than the whole budget is admitted alone. Jobs are admitted in the
 * order they arrive, so a big one is not starved by small ones.
 */
export class JobBudget {
  private heldBytes = 0;
  private heldJobs = 0;
  private readonly queue: { bytes: number; admit: () => void }[] = [];
  private queuedBytes = 0;
  /** The most bytes held at once so far (tests, statistics). */
  peak = 0;

  constructor(
    /** Payload bytes held at most. */
    readonly maxBytes: number,
    /** Called whenever what is held or waiting changes (the worker re-tunes its fetching). */
    private readonly onChange: () => void = () => {},
  ) {}

  /** Waits until `bytes` fit, then holds them; call the answer once, when the job settles. */
  async acquire(bytes: number): Promise<() => void> {
    if (this.queue.length > 0 || !this.fits(bytes)) {
      await new Promise<void>((admit) => {
        this.queue.push({ bytes, admit });
        this.queuedBytes += bytes;
        this.onChange();
      });
    } else {
      this.hold(bytes);
      this.onChange();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.heldBytes -= bytes;
      this.heldJobs--;
      this.admitWaiting();
      this.onChange();
    };
  }

  private fits(bytes: number): boolean {
    return this.heldJobs === 0 || this.heldBytes + bytes <= this.maxBytes;
  }

  private hold(bytes: number): void {
    this.heldBytes += bytes;
    this.heldJobs++;
    this.peak = Math.max(this.peak, this.heldBytes);
  }

  private admitWaiting(): void {
    for (let next = this.queue[0]; next && this.fits(next.bytes); next = this.queue[0]) {
      this.queue.shift();
      this.queuedBytes -= next.bytes;
      this.hold(next.bytes);
      next.admit();
    }
  }

  /** Bytes held now. */
  get held(): number {
    return this.heldBytes;
  }

  /** Jobs held or waiting to be. */
  get jobs(): number {
    return this.heldJobs + this.queue.length;
  }

  /** Budget left once the waiting jobs are held too (negative when they do not fit). */
  get room(): number {
    return this.maxBytes - this.heldBytes - this.queuedBytes;
  }
}
