import { gzip as gzipCallback } from 'node:zlib';

/**
 * The Pulseboard ingest client: buffers events, posts them to `POST /api/v1/events` in batches, and
 * retries what the server did not take. Node ≥ 20 built-ins only, no dependencies.
 */

/** One event as the ingest API takes it (the public contract in the server's README). */
export type PulseboardEvent = {
  /** Stable id: the client assigns a random UUID when absent, once, so a retry re-sends the same id. */
  id?: string;
  type: string;
  /** ISO-8601 or epoch ms; the server's arrival time when absent. */
  ts?: string | number;
  dedupKey?: string;
  user?: string;
  value?: number;
  text?: string;
  props?: Record<string, string | number | boolean>;
};

/** An event the server refused inside an accepted batch (a 202 with `rejected[]`). */
export type Rejection = { index: number; field: string; message: string };

/** The server's answer to one batch it took. */
export type BatchResult = { accepted: number; rejected: Rejection[]; attempts: number };

export type RetryOptions = {
  /** Attempts per batch, the first included; `Infinity` retries until `abort()`. @defaultValue 10 */
  maxAttempts?: number;
  /** First backoff after a network error or a 5xx without `Retry-After`; doubles per attempt. @defaultValue 250 */
  baseDelayMs?: number;
  /** Ceiling of that backoff. @defaultValue 30000 */
  maxDelayMs?: number;
  /** Longest `Retry-After` honoured; a longer one is cut to this. @defaultValue 120000 */
  maxRetryAfterMs?: number;
};

/** What a transport is asked to send: always a POST. */
export type TransportRequest = {
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  signal: AbortSignal;
};

/** The part of a fetch Response the client reads. */
export type TransportResponse = {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
};

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export type RetryNotice = {
  /** HTTP status, or 0 for a network error or time-out. */
  status: number;
  reason: string;
  /** The wait before the next attempt. */
  waitMs: number;
  /** `Retry-After` as the server sent it, in ms; null without one. */
  retryAfterMs: number | null;
  /** The attempt that just failed, from 1. */
  attempt: number;
  events: number;
};

export type PulseboardClientOptions = {
  /** The server's base URL (`http://127.0.0.1:3000`), or the full `…/api/v1/events` endpoint. */
  url: string;
  /** The ingest key, sent as `Authorization: Bearer <key>`. */
  key: string;
  /** Events per request, at most the API's 10,000. @defaultValue 1000 */
  maxBatchEvents?: number;
  /** Bytes of JSON per request before compression, at most the API's 5 MB. @defaultValue 1048576 */
  maxBatchBytes?: number;
  /** A partial batch waits at most this long before it is sent. @defaultValue 1000 */
  flushIntervalMs?: number;
  /** Events buffered or in flight at most; past it `send` waits and `trySend` answers false. @defaultValue 100000 */
  maxBufferEvents?: number;
  /** Compress request bodies of 1 KB or more with gzip. @defaultValue true */
  gzip?: boolean;
  retry?: RetryOptions;
  /** Batches in flight at once. @defaultValue 1 */
  concurrency?: number;
  /** Time limit of one request; 0 for none. @defaultValue 30000 */
  timeoutMs?: number;
  /** Flush on `beforeExit`, SIGTERM and SIGINT (then re-raise the signal if nothing else handles it). @defaultValue false */
  flushOnExit?: boolean;
  /** How the request is sent. @defaultValue globalThis.fetch */
  transport?: Transport;
  /** A batch given up: refused (400, 401, 403, 413, 415) or out of attempts. @defaultValue console.error */
  onError?: (error: PulseboardError) => void;
  /** Events the server refused in a batch it took, with the events themselves. */
  onRejected?: (rejected: (Rejection & { event: unknown })[]) => void;
  /** Each batch the server took. */
  onResult?: (result: BatchResult & { events: number }) => void;
  /** Told before each wait between attempts. */
  onRetry?: (notice: RetryNotice) => void;
};

/** API limits of one request (the server answers 413 past them). */
export const apiLimits = { maxEvents: 10_000, maxBodyBytes: 5 * 1024 * 1024 } as const;

/** A batch the server refused, or that ran out of attempts. */
export class PulseboardError extends Error {
  override readonly name = 'PulseboardError';
  constructor(
    message: string,
    /** HTTP status of the last attempt; 0 for a network error, a time-out or an abort. */
    readonly status: number,
    /** Events in the batch. */
    readonly events: number,
    readonly attempts: number,
    /** The error `code` of the server's answer, when it sent one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

const gzipMinBytes = 1024;
/** `{"events":[` and `]}` around a batch's events. */
const envelopeBytes = 13;

type Batch = { items: string[]; bytes: number };

/** `Retry-After` in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number = Date.now()): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Exponential backoff, jittered between half and all of the step, so producers do not retry in step. */
export function backoffMs(baseMs: number, maxMs: number, attempt: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function gzipBytes(body: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    gzipCallback(body, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/** The endpoint: `url` itself when it names it, else `api/v1/events` under its path. */
function endpointOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname.replace(/\/+$/, '').endsWith('/api/v1/events')) return parsed.href;
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return new URL('api/v1/events', parsed).href;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function serverError(text: string, status: number): { message: string; code?: string } {
  const parsed = parseJson(text) as { error?: { message?: unknown; code?: unknown } } | null;
  const error = parsed?.error;
  if (error && typeof error.message === 'string') {
    return { message: error.message, code: typeof error.code === 'string' ? error.code : undefined };
  }
  return { message: text.trim().slice(0, 200) || `HTTP ${status}` };
}

const sleepAborted = Symbol('aborted');

/** Resolves after `ms`, or with `sleepAborted` as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void | typeof sleepAborted> {
  if (signal.aborted) return Promise.resolve(sleepAborted);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(sleepAborted);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Buffers events and sends them in batches by size and time. Every event gets its id when it is
 * buffered, and a batch is encoded once: each retry sends the very same bytes, so the server's
 * de-duplication by `(source, id)` counts a retried batch once.
 */
export class PulseboardClient {
  private readonly endpoint: string;
  private readonly key: string;
  private readonly maxBatchEvents: number;
  private readonly maxBatchBytes: number;
  private readonly flushIntervalMs: number;
  private readonly maxBufferEvents: number;
  private readonly gzip: boolean;
  private readonly retry: Required<RetryOptions>;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly transport: Transport;
  private readonly options: PulseboardClientOptions;

  private buffer: string[] = [];
  private bufferBytes = 0;
  /** Events buffered or in flight: what the buffer bound counts. */
  private pendingEvents = 0;
  private ready: Batch[] = [];
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Senders waiting for room, oldest first: `admit` buffers the event, `refuse` rejects the send. */
  private readonly spaceWaiters: { admit: () => void; refuse: (e: Error) => void }[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Batches given up since the oldest waiting `flush()` began, for it to reject with. */
  private failures: PulseboardError[] = [];
  private flushing = 0;
  private closed = false;
  private readonly aborter = new AbortController();
  private exitHooks: (() => void) | null = null;

  /** Counts since the client started. */
  readonly stats = { accepted: 0, rejected: 0, failed: 0, retries: 0, batches: 0 };

  constructor(options: PulseboardClientOptions) {
    this.options = options;
    this.endpoint = endpointOf(options.url);
    if (!options.key) throw new TypeError('an ingest key is required');
    this.key = options.key;
    this.maxBatchEvents = options.maxBatchEvents ?? 1000;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    if (!(this.maxBatchEvents >= 1 && this.maxBatchEvents <= apiLimits.maxEvents)) {
      throw new RangeError(`maxBatchEvents must be 1 to ${apiLimits.maxEvents}`);
    }
    if (!(this.maxBatchBytes >= 64 && this.maxBatchBytes <= apiLimits.maxBodyBytes)) {
      throw new RangeError(`maxBatchBytes must be 64 to ${apiLimits.maxBodyBytes}`);
    }
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.maxBufferEvents = Math.max(this.maxBatchEvents, options.maxBufferEvents ?? 100_000);
    this.gzip = options.gzip ?? true;
    this.retry = {
      maxAttempts: options.retry?.maxAttempts ?? 10,
      baseDelayMs: options.retry?.baseDelayMs ?? 250,
      maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
      maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 120_000,
    };
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.transport =
      options.transport ??
      ((request) =>
        fetch(request.url, {
          method: 'POST',
          headers: request.headers,
          // a Buffer from zlib is typed over ArrayBufferLike; fetch takes it as it is
          body: request.body as string | Uint8Array<ArrayBuffer>,
          signal: request.signal,
        }));
    if (options.flushOnExit) this.hookExit();
  }

  /** Events buffered or in flight. */
  get buffered(): number {
    return this.pendingEvents;
  }

  /**
   * Buffers an event; resolves once it is buffered. When the buffer is full it waits for room
   * (backpressure). Rejects when the client is closed or the event alone is over `maxBatchBytes`.
   */
  send(event: PulseboardEvent): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the Pulseboard client is closed'));
    if (this.pendingEvents < this.maxBufferEvents && this.spaceWaiters.length === 0) {
      try {
        this.add(event);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const admit = (): void => {
        try {
          this.add(event);
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      this.spaceWaiters.push({ admit, refuse: reject });
    });
  }

  /** Buffers an event unless the buffer is full; false then (the caller decides what to drop). */
  trySend(event: PulseboardEvent): boolean {
    if (this.closed) throw new Error('the Pulseboard client is closed');
    if (this.pendingEvents >= this.maxBufferEvents || this.spaceWaiters.length > 0) return false;
    this.add(event);
    return true;
  }

  /**
   * Posts a body built by the caller (`{"events":[...]}`, a JSON list, or NDJSON with its content type),
   * outside the buffer, with the same retries. The caller's events must carry their ids. Resolves with the
   * server's answer; rejects with a `PulseboardError` when the batch is refused or out of attempts.
   */
  async sendBatch(
    body: string,
    options: { contentType?: string; events?: number } = {},
  ): Promise<BatchResult> {
    const encoded = this.gzip && body.length >= gzipMinBytes ? await gzipBytes(body) : null;
    const result = await this.post(
      encoded ?? body,
      encoded !== null,
      options.contentType ?? 'application/json',
      options.events ?? 0,
    );
    if (result instanceof PulseboardError) throw result;
    return result;
  }

  /**
   * Sends everything buffered and waits for every batch in flight. Rejects with the first batch given up
   * meanwhile (each also goes to `onError`).
   */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      // Senders let in while a batch finished add to the buffer again: send those too.
      do {
        this.cut();
        this.pump();
        await this.idle();
      } while (this.buffer.length > 0);
    } finally {
      this.flushing--;
    }
    const failed = this.failures[0];
    if (this.flushing === 0) this.failures = [];
    if (failed) throw failed;
  }

  /** Flushes, then stops: later sends reject. Rejects like `flush`. */
  async close(): Promise<void> {
    this.closed = true;
    this.unhookExit();
    try {
      await this.flush();
    } finally {
      this.stopTimer();
      this.refuseWaiters();
    }
  }

  /**
   * Stops at once: buffered events are dropped (their number is returned), requests and waits in flight are
   * abandoned (their batches go to `onError` with the code `aborted`).
   */
  abort(): number {
    this.closed = true;
    this.unhookExit();
    this.stopTimer();
    const dropped = this.buffer.length + this.ready.reduce((n, batch) => n + batch.items.length, 0);
    this.pendingEvents -= dropped;
    this.buffer = [];
    this.bufferBytes = 0;
    this.ready = [];
    this.aborter.abort();
    this.refuseWaiters();
    return dropped;
  }

  private refuseWaiters(): void {
    for (const waiter of this.spaceWaiters.splice(0))
      waiter.refuse(new Error('the Pulseboard client is closed'));
  }

  private add(event: PulseboardEvent): void {
    if (event === null || typeof event !== 'object') throw new TypeError('an event must be an object');
    const json = JSON.stringify(
      event.id === undefined ? { ...event, id: globalThis.crypto.randomUUID() } : event,
    );
    const bytes = Buffer.byteLength(json);
    if (envelopeBytes + bytes > this.maxBatchBytes) {
      throw new RangeError(
        `an event of ${bytes} bytes does not fit in maxBatchBytes (${this.maxBatchBytes})`,
      );
    }
    // the batch as sent: the envelope, the events and a comma between each two
    if (envelopeBytes + this.bufferBytes + this.buffer.length + bytes > this.maxBatchBytes) this.cut();
    this.buffer.push(json);
    this.bufferBytes += bytes;
    this.pendingEvents++;
    if (this.buffer.length >= this.maxBatchEvents) this.cut();
    if (this.ready.length > 0) this.pump();
    else if (this.buffer.length > 0 && this.timer === null) {
      // A partial batch keeps the process up until it is sent (at most flushIntervalMs), unless the exit
      // hooks flush it: then the process may reach beforeExit at once.
      this.timer = setTimeout(() => {
        this.timer = null;
        this.cut();
        this.pump();
      }, this.flushIntervalMs);
      if (this.exitHooks) this.timer.unref();
    }
  }

  /** Moves the buffer into a batch ready to send. */
  private cut(): void {
    if (this.buffer.length === 0) return;
    this.ready.push({ items: this.buffer, bytes: this.bufferBytes });
    this.buffer = [];
    this.bufferBytes = 0;
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.ready.length > 0) {
      const batch = this.ready.shift() as Batch;
      this.inFlight++;
      void this.deliver(batch).finally(() => {
        this.inFlight--;
        this.pendingEvents -= batch.items.length;
        this.release();
        this.pump();
        if (this.inFlight === 0 && this.ready.length === 0) {
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        }
      });
    }
  }

  private idle(): Promise<void> {
    if (this.inFlight === 0 && this.ready.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Lets waiting senders in, oldest first, as far as there is room. */
  private release(): void {
    while (this.spaceWaiters.length > 0 && this.pendingEvents < this.maxBufferEvents) {
      this.spaceWaiters.shift()?.admit();
    }
  }

  /** Sends one buffered batch; a 413 splits it in two (same ids), down to one event. */
  private async deliver(batch: Batch): Promise<void> {
    const body = `{"events":[${batch.items.join(',')}]}`;
    const encoded = this.gzip && body.length >= gzipMinBytes ? await gzipBytes(body) : null;
    const result = await this.post(encoded ?? body, encoded !== null, 'application/json', batch.items.length);
    if (result instanceof PulseboardError) {
      if (result.status === 413 && batch.items.length > 1) {
        const half = Math.ceil(batch.items.length / 2);
        for (const items of [batch.items.slice(0, half), batch.items.slice(half)]) {
          await this.deliver({ items, bytes: 0 });
        }
        return;
      }
      this.fail(result);
      return;
    }
    this.stats.batches++;
    this.stats.accepted += result.accepted;
    this.stats.rejected += result.rejected.length;
    this.options.onResult?.({ ...result, events: batch.items.length });
    if (result.rejected.length > 0 && this.options.onRejected) {
      this.options.onRejected(
        result.rejected.map((r) => ({ ...r, event: parseJson(batch.items[r.index] ?? 'null') })),
      );
    }
  }

  private fail(error: PulseboardError): void {
    this.stats.failed += error.events;
    if (this.flushing > 0) this.failures.push(error);
    if (this.options.onError) this.options.onError(error);
    else console.error(`pulseboard client: ${error.message}`);
  }

  /** Posts one body until the server takes it, refuses it, or attempts run out. */
  private async post(
    body: string | Uint8Array,
    gzipped: boolean,
    contentType: string,
    events: number,
  ): Promise<BatchResult | PulseboardError> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.key}`,
      'content-type': contentType,
    };
    if (gzipped) headers['content-encoding'] = 'gzip';
    const signal = this.aborter.signal;
    let backoffs = 0;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) return new PulseboardError('aborted', 0, events, attempt - 1, 'aborted');
      let status = 0;
      let reason: string;
      let retryAfterMs: number | null = null;
      let code: string | undefined;
      try {
        const response = await this.transport({
          url: this.endpoint,
          headers,
          body,
          signal:
            this.timeoutMs > 0 ? AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) : signal,
        });
        status = response.status;
        const text = await response.text();
        if (status >= 200 && status < 300) {
          const parsed = parseJson(text) as { accepted?: unknown; rejected?: unknown } | null;
          return {
            accepted: typeof parsed?.accepted === 'number' ? parsed.accepted : events,
            rejected: Array.isArray(parsed?.rejected) ? (parsed.rejected as Rejection[]) : [],
            attempts: attempt,
          };
        }
        const error = serverError(text, status);
        reason = `${status}: ${error.message}`;
        code = error.code;
        const retryable = status === 408 || status === 429 || status >= 500;
        if (!retryable) return new PulseboardError(reason, status, events, attempt, code);
        if (status === 429 || status === 503)
          retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      } catch (error) {
        if (signal.aborted) return new PulseboardError('aborted', 0, events, attempt, 'aborted');
        reason = `network: ${describe(error)}`;
      }
      if (attempt >= this.retry.maxAttempts) {
        return new PulseboardError(
          `gave up after ${attempt} attempts: ${reason}`,
          status,
          events,
          attempt,
          code,
        );
      }
      const waitMs =
        retryAfterMs !== null
          ? Math.min(retryAfterMs, this.retry.maxRetryAfterMs)
          : backoffMs(this.retry.baseDelayMs, this.retry.maxDelayMs, backoffs++);
      this.stats.retries++;
      this.options.onRetry?.({ status, reason, waitMs, retryAfterMs, attempt, events });
      if ((await sleep(waitMs, signal)) === sleepAborted) {
        return new PulseboardError('aborted', 0, events, attempt, 'aborted');
      }
    }
  }

  /** Flush before the process exits; after a signal, re-raise it when nothing else listens. */
  private hookExit(): void {
    const onBeforeExit = (): void => {
      if (this.pendingEvents > 0) void this.flush().catch(() => {});
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      this.unhookExit();
      const others = process.listenerCount(signal) > 0;
      void this.close()
        .catch(() => {})
        .finally(() => {
          if (!others) process.kill(process.pid, signal);
        });
    };
    process.on('beforeExit', onBeforeExit);
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    this.exitHooks = () => {
      process.off('beforeExit', onBeforeExit);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
  }

  private unhookExit(): void {
    this.exitHooks?.();
    this.exitHooks = null;
  }
}
