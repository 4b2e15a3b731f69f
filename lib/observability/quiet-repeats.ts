export type LogLevel = 'info' | 'warn' | 'error';
export type LogLine = (level: LogLevel, msg: string, extra?: Record<string, unknown>) => void;

export type QuietLog = LogLine & {
  /** Writes what is still counted (at shutdown) and stops the timer. */
  close: () => void;
};

/** Fields that differ between lines about the same failure (a job's id), left out when comparing lines. */
const defaultVolatile = ['jobId'];

/** Failures whose counts are kept at once; past it the oldest is written out and forgotten. */
const maxKinds = 500;

type Kind = {
  writtenAt: number;
  repeated: number;
  level: LogLevel;
  msg: string;
  extra: Record<string, unknown>;
};

/**
 * A warning or error that repeats (same message and fields but `volatile` ones) is written once, then once
 * per window with `repeated: N`: an outage failed every job and tick, and buried the log (620 lines in 6 s).
 */
export function quietRepeats(
  write: LogLine,
  options: {
    /** How long a repeated line is counted before it is written again. @defaultValue 60000 */
    windowMs?: number;
    /** Fields that differ between lines about the same failure. @defaultValue ['jobId'] */
    volatile?: readonly string[];
    now?: () => number;
  } = {},
): QuietLog {
  const windowMs = options.windowMs ?? 60_000;
  const volatile = new Set(options.volatile ?? defaultVolatile);
  const now = options.now ?? Date.now;
  const kinds = new Map<string, Kind>();

  /** `repeated`: identical lines not written since the previous one, which went out at `repeatedSince`. */
  const counted = (kind: Kind, extra: Record<string, unknown>) =>
    kind.repeated > 0
      ? { ...extra, repeated: kind.repeated, repeatedSince: new Date(kind.writtenAt).toISOString() }
      : extra;
  const writeRepeats = (kind: Kind) => {
    write(kind.level, kind.msg, counted(kind, kind.extra));
    kind.repeated = 0;
  };

  const sweep = () => {
    const at = now();
    for (const [key, kind] of kinds) {
      if (at - kind.writtenAt < windowMs) continue;
      if (kind.repeated > 0) {
        writeRepeats(kind);
        kind.writtenAt = at;
      } else {
        kinds.delete(key);
      }
    }
  };
  const timer = setInterval(sweep, Math.max(1_000, windowMs / 4));
  timer.unref();

  const log: LogLine = (level, msg, extra = {}) => {
    if (level === 'info') return write(level, msg, extra);
    const key = kindKey(level, msg, extra, volatile);
    const at = now();
    const kind = kinds.get(key);
    if (kind && at - kind.writtenAt < windowMs) {
      kind.repeated++;
      kind.extra = extra;
      return;
    }
    if (kind) {
      // A window has passed since its last line: this one carries the count of those in between.
      write(level, msg, counted(kind, extra));
      kind.repeated = 0;
      kind.writtenAt = at;
      kind.extra = extra;
      return;
    }
    write(level, msg, extra);
    if (kinds.size >= maxKinds) {
      const [oldestKey, oldest] = kinds.entries().next().value as [string, Kind];
      if (oldest.repeated > 0) writeRepeats(oldest);
      kinds.delete(oldestKey);
    }
    kinds.set(key, { writtenAt: at, repeated: 0, level, msg, extra });
  };

  return Object.assign(log, {
    close() {
      clearInterval(timer);
      for (const kind of kinds.values()) if (kind.repeated > 0) writeRepeats(kind);
      kinds.clear();
    },
  });
}

function kindKey(
  level: LogLevel,
  msg: string,
  extra: Record<string, unknown>,
  volatile: Set<string>,
): string {
  const fields = Object.entries(extra).filter(([name]) => !volatile.has(name));
  return JSON.stringify([level, msg, fields]);
}
