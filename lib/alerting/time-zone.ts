import { weekDays, type Recurrence } from './types';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number };

/** The wall-clock time in a zone at an instant. */
export function localTime(ms: number, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (Europe/Berlin in summer: +7,200,000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time names in a zone. Across a DST change, a time that occurs twice is the
 * earlier instant, and a time that never occurs (the skipped hour) moves forward by the gap — the
 * `compatible` rule of Temporal and of most calendars.
 */
export function zonedTimeToUtc(local: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets a day either side bracket any transition near this wall time.
  const before = zoneOffsetMs(wall - 86_400_000, timeZone);
  const after = zoneOffsetMs(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => zoneOffsetMs(t, timeZone) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/** Whether a weekly recurrence in a zone covers an instant: started on one of its days, less than its duration ago. */
export function recurrenceActiveAt(recurrence: Recurrence, timeZone: string, now: number): boolean {
  return recurrenceActiveUntil(recurrence, timeZone, now) !== null;
}

/**
 * When the occurrence in force at `now` ends (the latest, where occurrences overlap), or null when none
 * covers `now`. "Silenced until …" in the console reads it.
 */
export function recurrenceActiveUntil(recurrence: Recurrence, timeZone: string, now: number): number | null {
  const today = localTime(now, timeZone);
  const [hour = 0, minute = 0] = recurrence.start.split(':').map(Number);
  const durationMs = recurrence.durationMinutes * 60_000;
  // An occurrence that began on an earlier local day may still be running.
  const daysBack = Math.ceil(recurrence.durationMinutes / 1440) + 1;
  let until: number | null = null;
  for (let back = 0; back <= daysBack; back++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    const weekDay = weekDays[(date.getUTCDay() + 6) % 7];
    if (!weekDay || !recurrence.days.includes(weekDay)) continue;
    const start = zonedTimeToUtc(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour,
        minute,
      },
      timeZone,
    );
    if (start <= now && now < start + durationMs) until = Math.max(until ?? 0, start + durationMs);
  }
  return until;
}
