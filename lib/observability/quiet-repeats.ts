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
 * A log that writes a warning or an error once per `windowMs` while it repeats: the same message with the
 * same fields (the error, its code, the rule), apart from `volatile` ones. The first line goes out at
 * once; the ones within the window are counted and written as one line with `repeated: N` when the window
 * ends, with when the previous line went out. While PostgreSQL was down for six seconds, a worker wrote 620 lines, one per failed ingest job
 * retry and rule tick; an hour's outage would bury everything else in the log. Info lines pass through.
 */
export function quietRepeats(
  write: LogLine,
  options: { windowMs?: number; volatile?: readonly string[]; now?: () => number } = {},
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
