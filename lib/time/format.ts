import { localTime, zonedTimeToUtc } from '@/lib/alerting/time-zone';

/**
 * The console's one way of writing an instant. Every shape takes the zone explicitly (the reader's
 * preference, resolved by `useTimeFormat`), and every shape that stands alone names the zone, so a
 * time on screen is never ambiguous. Pure: no clock, no browser, no React.
 */

/** An instant as the API gives it (ISO-8601) or as charts hold it (epoch ms). */
export type Instant = string | number | Date;

/** Zones a person may choose besides their browser's own. */
export const utcZone = 'UTC';

const cache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

const toMs = (value: Instant): number =>
  typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime();

/** Options every shape shares. */
export type FormatOptions = {
  /**
   * BCP 47 locale of the words and the order of the fields.
   * @defaultValue the runtime's (the browser's) locale
   */
  locale?: string;
};

/** The zone this runtime runs in (the browser's, in the console), or UTC when it does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || utcZone;
  } catch {
    return utcZone;
  }
}

/** True for a zone name Intl knows (IANA, e.g. `Europe/Berlin`, or `UTC`). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's short name at an instant, as the locale writes it: `EST`, `EDT`, `UTC`, `GMT+1`, `CET`. */
export function zoneAbbreviation(value: Instant, zone: string, options: FormatOptions = {}): string {
  const parts = dateTimeFormat(options.locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(
    toMs(value),
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

type WithSeconds = FormatOptions & {
  /** @defaultValue true */
  seconds?: boolean;
};

/** An instant in `zone` with the given date fields, the time to the minute or second, and the zone. */
function formatZoned(
  value: Instant | null | undefined,
  zone: string,
  date: Intl.DateTimeFormatOptions,
  options: WithSeconds,
): string {
  if (value === null || value === undefined || value === '') return '—';
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return '—';
  return dateTimeFormat(options.locale, {
    timeZone: zone,
    ...date,
    hour: 'numeric',
    minute: '2-digit',
    ...(options.seconds === false ? {} : { second: '2-digit' }),
    timeZoneName: 'short',
  }).format(ms);
}

/**
 * Date, time and zone: `Mar 1, 2030, 7:01:20 AM EST`. `seconds: false` drops the seconds
 * (`Mar 1, 2030, 7:01 AM EST`). An absent instant is `—`.
 */
export function formatDateTime(
  value: Instant | null | undefined,
  zone: string,
  options: WithSeconds = {},
): string {
  return formatZoned(value, zone, { year: 'numeric', month: 'short', day: 'numeric' }, options);
}

/** The time of day and the zone: `7:01:20 AM EST` (`seconds: false`: `7:01 AM EST`). */
export function formatClock(
  value: Instant | null | undefined,
  zone: string,
  options: WithSeconds = {},
): string {
  return formatZoned(value, zone, {}, options);
}

const sameDay = (a: number, b: number, zone: string) => {
  const x = localTime(a, zone);
  const y = localTime(b, zone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};

/**
 * A moment as people read it in lists: the time alone when it falls on today's date in the zone
 * (`4:30 PM CET`), else date and time (`Mar 2, 2030, 4:30 PM CET`). `now` is the reader's clock.
 */
export function formatMoment(value: Instant, zone: string, now: number, options: FormatOptions = {}): string {
  const ms = toMs(value);
  return sameDay(ms, now, zone)
    ? formatClock(ms, zone, { ...options, seconds: false })
    : formatDateTime(ms, zone, { ...options, seconds: false });
}

/**
 * A tick label of a time axis, kept short because the chart's caption names the zone: `14:05`,
 * `14:05:30` when the tick falls between minutes, `Mar 2` at midnight on an axis longer than a few hours.
 * `spanMs` is the axis range (its max − min).
 */
export function formatAxisTime(
  ms: number,
  zone: string,
  spanMs: number,
  options: FormatOptions = {},
): string {
  const t = localTime(ms, zone);
  if (spanMs >= 6 * 3_600_000 && t.hour === 0 && t.minute === 0 && t.second === 0) {
    return dateTimeFormat(options.locale, { timeZone: zone, month: 'short', day: 'numeric' }).format(ms);
  }
  return dateTimeFormat(options.locale, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    ...(t.second !== 0 ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(ms);
}

/** What a chart says under its axis: `Times in America/New_York (EST)`, or `Times in UTC`. */
export function formatZoneCaption(zone: string, at: number, options: FormatOptions & { noun?: string } = {}) {
  const abbreviation = zoneAbbreviation(at, zone, options);
  const noun = options.noun ?? 'Times';
  return abbreviation === zone ? `${noun} in ${zone}` : `${noun} in ${zone} (${abbreviation})`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2030-03-01T07:01`: an instant on the clock of `zone`, as a datetime-local input holds it. */
export function formatWallClockInput(ms: number, zone: string): string {
  const t = localTime(ms, zone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/**
 * The instant a datetime-local value names on the clock of `zone`, NaN when it is not one. A time
 * the clocks skip or repeat (daylight saving) resolves as lib/alerting/time-zone.ts says.
 */
export function parseWallClockInput(value: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return zonedTimeToUtc({ year, month, day, hour, minute }, zone);
}
