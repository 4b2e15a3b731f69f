import { describe, expect, it } from 'vitest';
import { coverageAt, maintenanceWindowActiveAt, maintenanceWindowActiveUntil } from './suppression';
import { recurrenceActiveAt, recurrenceActiveUntil, zonedTimeToUtc } from './time-zone';
import type { Matchers } from './types';

const utc = (iso: string) => Date.parse(iso);

describe('zonedTimeToUtc', () => {
  it('follows the zone offset of the day, in winter and in summer', () => {
    const nine = (month: number) => ({ year: 2030, month, day: 10, hour: 9, minute: 0 });
    expect(zonedTimeToUtc(nine(1), 'Europe/Berlin')).toBe(utc('2030-01-10T08:00:00Z'));
    expect(zonedTimeToUtc(nine(7), 'Europe/Berlin')).toBe(utc('2030-07-10T07:00:00Z'));
    expect(zonedTimeToUtc(nine(1), 'America/New_York')).toBe(utc('2030-01-10T14:00:00Z'));
    expect(zonedTimeToUtc(nine(7), 'America/New_York')).toBe(utc('2030-07-10T13:00:00Z'));
  });

  it('moves a time in the skipped hour forward and takes the earlier of a repeated one', () => {
    // Berlin 2030-03-31: 02:00 → 03:00, so 02:30 does not exist; 2030-10-27: 03:00 → 02:00, 02:30 twice.
    expect(zonedTimeToUtc({ year: 2030, month: 3, day: 31, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      utc('2030-03-31T01:30:00Z'),
    );
    expect(zonedTimeToUtc({ year: 2030, month: 10, day: 27, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      utc('2030-10-27T00:30:00Z'),
    );
    // New York 2030-11-03: 02:00 EDT → 01:00 EST, so 01:30 happens twice.
    expect(zonedTimeToUtc({ year: 2030, month: 11, day: 3, hour: 1, minute: 30 }, 'America/New_York')).toBe(
      utc('2030-11-03T05:30:00Z'),
    );
  });
});

describe('recurring maintenance windows', () => {
  it('Europe/Berlin, Sundays 01:00 for 3 h: three real hours on the day clocks spring forward', () => {
    const sundays = { days: ['sun' as const], start: '01:00', durationMinutes: 180 };
    const active = (iso: string) => recurrenceActiveAt(sundays, 'Europe/Berlin', utc(iso));
    // The Sunday before (CET): 00:00Z to 03:00Z.
    expect([
      active('2030-03-24T00:00:00Z'),
      active('2030-03-24T02:59:59Z'),
      active('2030-03-24T03:00:00Z'),
    ]).toEqual([true, true, false]);
    // The change: starts 01:00 CET = 00:00Z, ends three hours later at 03:00Z (05:00 CEST).
    expect([
      active('2030-03-30T23:59:59Z'),
      active('2030-03-31T00:00:00Z'),
      active('2030-03-31T02:30:00Z'),
      active('2030-03-31T03:00:00Z'),
    ]).toEqual([false, true, true, false]);
    // The Sunday after (CEST): 01:00 local is 23:00Z on Saturday, ends 02:00Z.
    expect([
      active('2030-04-06T22:59:59Z'),
      active('2030-04-06T23:00:00Z'),
      active('2030-04-07T02:00:00Z'),
    ]).toEqual([false, true, false]);
  });

  it('America/New_York, daily 01:30 for 1 h on the night clocks fall back: the first 01:30 only', () => {
    const nightly = {
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as ('mon' | 'sun')[],
      start: '01:30',
      durationMinutes: 60,
    };
    const active = (iso: string) => recurrenceActiveAt(nightly, 'America/New_York', utc(iso));
    expect(active('2030-11-03T05:29:59Z')).toBe(false);
    expect(active('2030-11-03T05:30:00Z')).toBe(true); // 01:30 EDT
    expect(active('2030-11-03T06:15:00Z')).toBe(true); // 01:15 EST, the hour repeated
    expect(active('2030-11-03T06:30:00Z')).toBe(false); // 01:30 EST: an hour after the start
    expect(active('2030-11-04T06:30:00Z')).toBe(true); // the next night, 01:30 EST
  });

  it('a window that runs past midnight is still on the next local day', () => {
    const friday = { days: ['fri' as const], start: '22:00', durationMinutes: 300 };
    expect(recurrenceActiveAt(friday, 'Europe/Berlin', utc('2030-06-08T00:30:00Z'))).toBe(true); // Sat 02:30
    expect(recurrenceActiveAt(friday, 'Europe/Berlin', utc('2030-06-08T01:00:00Z'))).toBe(false); // Sat 03:00
  });

  it('one-off and disabled windows', () => {
    const base = {
      id: 'w',
      name: 'w',
      timeZone: 'UTC',
      recurrence: null,
      startsAt: utc('2030-01-01T10:00:00Z'),
      endsAt: utc('2030-01-01T11:00:00Z'),
      matchers: {},
      enabled: true,
    };
    expect(maintenanceWindowActiveAt(base, utc('2030-01-01T10:30:00Z'))).toBe(true);
    expect(maintenanceWindowActiveAt(base, utc('2030-01-01T11:00:00Z'))).toBe(false);
    expect(maintenanceWindowActiveAt({ ...base, enabled: false }, utc('2030-01-01T10:30:00Z'))).toBe(false);
  });
});

describe('silenced until', () => {
  const weekly = {
    id: 'w1',
    name: 'Patching',
    timeZone: 'Asia/Kolkata',
    recurrence: { days: ['wed' as const], start: '22:00', durationMinutes: 240 },
    startsAt: null,
    endsAt: null,
    matchers: { labels: { team: 'payments' } },
    enabled: true,
  };
  const rule = { ruleId: 'r1', ruleLabels: { team: 'payments' } };

  it('a weekly window in force ends with its occurrence, in its own zone, across midnight', () => {
    // 2030-01-09 is a Wednesday: 22:00 in Kolkata (UTC+5:30) is 16:30 UTC, so it ends at 20:30 UTC.
    expect(recurrenceActiveUntil(weekly.recurrence, 'Asia/Kolkata', utc('2030-01-09T19:00:00Z'))).toBe(
      utc('2030-01-09T20:30:00Z'),
    );
    expect(recurrenceActiveUntil(weekly.recurrence, 'Asia/Kolkata', utc('2030-01-09T20:30:00Z'))).toBeNull();
    expect(
      maintenanceWindowActiveUntil({ ...weekly, enabled: false }, utc('2030-01-09T19:00:00Z')),
    ).toBeNull();
  });

  it('answers the latest end of what covers a rule or a series, and whether only some series are quiet', () => {
    const now = utc('2030-01-09T19:00:00Z');
    const silence = (id: string, endsAt: string, matchers: Matchers) => ({
      id,
      matchers,
      startsAt: now - 60_000,
      endsAt: utc(endsAt),
      comment: id,
    });
    const bySeries = silence('s1', '2030-01-09T23:00:00Z', { ruleId: 'r1', series: { zone: 'north' } });
    const other = silence('s2', '2030-01-10T23:00:00Z', { labels: { team: 'search' } });
    expect(coverageAt(rule, [bySeries, other], [weekly], now)).toEqual({
      until: utc('2030-01-09T23:00:00Z'),
      by: [
        { type: 'silence', id: 's1', name: 's1' },
        { type: 'maintenance_window', id: 'w1', name: 'Patching' },
      ],
      partial: false,
    });
    expect(coverageAt(rule, [bySeries], [], now)?.partial).toBe(true);
    expect(coverageAt({ ...rule, series: { zone: 'south' } }, [bySeries], [], now)).toBeNull();
    expect(coverageAt({ ...rule, series: { zone: 'north' } }, [bySeries], [], now)?.partial).toBe(false);
    expect(coverageAt(rule, [other], [], now)).toBeNull();
    expect(coverageAt(rule, [], [weekly], utc('2030-01-10T19:00:00Z'))).toBeNull();
  });
});
