import { describe, expect, it } from 'vitest';
import {
  formatAxisTime,
  formatClock,
  formatDateTime,
  formatMoment,
  formatZoneCaption,
  formatWallClockInput,
  isKnownTimeZone,
  parseWallClockInput,
  zoneAbbreviation,
} from './format';

const en = { locale: 'en-US' };
const at = '2030-03-01T12:01:20.000Z';

describe('one time formatter', () => {
  it('writes date, time and the zone, in the zone given', () => {
    expect(formatDateTime(at, 'America/New_York', en)).toMatch(/^Mar 1, 2030, 7:01:20\sAM EST$/);
    expect(formatDateTime(at, 'UTC', en)).toMatch(/^Mar 1, 2030, 12:01:20\sPM UTC$/);
    expect(formatDateTime(at, 'Asia/Kolkata', en)).toMatch(/^Mar 1, 2030, 5:31:20\sPM GMT\+5:30$/);
    expect(formatDateTime(Date.parse(at), 'Europe/Berlin', { locale: 'en-GB' })).toMatch(
      /^1 Mar 2030, 13:01:20 CET$/,
    );
    expect(formatDateTime(at, 'UTC', { ...en, seconds: false })).toMatch(/^Mar 1, 2030, 12:01\sPM UTC$/);
  });

  it('crosses a date line where the zone does', () => {
    expect(formatDateTime('2030-03-01T02:00:00Z', 'America/Los_Angeles', en)).toMatch(
      /^Feb 28, 2030, 6:00:00\sPM PST$/,
    );
  });

  it('follows daylight saving time: New York springs forward on 10 March 2030 at 2:00 EST', () => {
    // 06:59:59Z is 1:59:59 EST; one second later the clocks read 3:00:00 EDT.
    expect(formatClock('2030-03-10T06:59:59Z', 'America/New_York', en)).toMatch(/^1:59:59\sAM EST$/);
    expect(formatClock('2030-03-10T07:00:00Z', 'America/New_York', en)).toMatch(/^3:00:00\sAM EDT$/);
    // Berlin falls back on 27 October 2030: 2:30 happens twice, once CEST and once CET.
    expect(formatClock('2030-10-27T00:30:00Z', 'Europe/Berlin', { locale: 'en-GB' })).toBe('2:30:00 CEST');
    expect(formatClock('2030-10-27T01:30:00Z', 'Europe/Berlin', { locale: 'en-GB' })).toBe('2:30:00 CET');
    expect(zoneAbbreviation('2030-07-01T00:00:00Z', 'America/New_York', en)).toBe('EDT');
    expect(zoneAbbreviation('2030-07-01T00:00:00Z', 'UTC', en)).toBe('UTC');
  });

  it('says — for no time at all', () => {
    expect(formatDateTime(null, 'UTC')).toBe('—');
    expect(formatDateTime('not a date', 'UTC')).toBe('—');
    expect(formatClock(undefined, 'UTC')).toBe('—');
  });

  it('writes a moment of today as the time alone, of another day with its date', () => {
    const now = Date.parse('2030-03-01T20:00:00Z');
    expect(formatMoment('2030-03-01T16:30:00Z', 'UTC', now, en)).toMatch(/^4:30\sPM UTC$/);
    expect(formatMoment('2030-03-02T16:30:00Z', 'UTC', now, en)).toMatch(/^Mar 2, 2030, 4:30\sPM UTC$/);
    // 20:00Z is already 2 March in Tokyo, and so is 16:30Z.
    expect(formatMoment('2030-03-01T16:30:00Z', 'Asia/Tokyo', now, en)).toMatch(/^1:30\sAM GMT\+9$/);
  });

  it('labels axis ticks in the zone: hours and minutes, seconds between minutes, the date at midnight', () => {
    const minutes = 5 * 60_000;
    expect(formatAxisTime(Date.parse('2030-03-01T12:05:00Z'), 'UTC', minutes, en)).toBe('12:05');
    expect(formatAxisTime(Date.parse('2030-03-01T12:05:00Z'), 'America/New_York', minutes, en)).toBe('07:05');
    expect(formatAxisTime(Date.parse('2030-03-01T12:05:30Z'), 'Europe/Berlin', minutes, en)).toBe('13:05:30');
    const week = 7 * 86_400_000;
    expect(formatAxisTime(Date.parse('2030-03-02T05:00:00Z'), 'America/New_York', week, en)).toBe('Mar 2');
    expect(formatAxisTime(Date.parse('2030-03-02T05:00:00Z'), 'UTC', week, en)).toBe('05:00');
    // The skipped hour: the tick after 01:00 EST on 10 March is 03:00 EDT.
    expect(formatAxisTime(Date.parse('2030-03-10T07:00:00Z'), 'America/New_York', week, en)).toBe('03:00');
  });

  it('captions a chart with the zone and its abbreviation', () => {
    const winter = Date.parse('2030-01-15T00:00:00Z');
    expect(formatZoneCaption('America/New_York', winter, en)).toBe('Times in America/New_York (EST)');
    expect(formatZoneCaption('UTC', winter, en)).toBe('Times in UTC');
    expect(formatZoneCaption('Europe/Berlin', winter, { locale: 'en-GB', noun: 'Days' })).toBe(
      'Days in Europe/Berlin (CET)',
    );
  });

  it('knows IANA zones and UTC, and nothing else', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads and writes datetime-local values on the clock of the zone', () => {
    const ms = Date.parse('2030-03-01T12:01:20Z');
    expect(formatWallClockInput(ms, 'America/New_York')).toBe('2030-03-01T07:01');
    expect(formatWallClockInput(ms, 'UTC')).toBe('2030-03-01T12:01');
    expect(parseWallClockInput('2030-03-01T07:01', 'America/New_York')).toBe(
      Date.parse('2030-03-01T12:01:00Z'),
    );
    expect(parseWallClockInput('2030-07-01T07:01', 'America/New_York')).toBe(
      Date.parse('2030-07-01T11:01:00Z'),
    );
    expect(parseWallClockInput('2030-03-01T07:01', 'UTC')).toBe(Date.parse('2030-03-01T07:01:00Z'));
    expect(parseWallClockInput('', 'UTC')).toBeNaN();
  });
});
