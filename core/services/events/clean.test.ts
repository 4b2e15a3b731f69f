import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '@/core/errors';
import { cleanEvents } from './clean';
import { parseEventsBody } from './parse-body';
import { parseIsoTimestamp } from './schemas';

const now = Date.parse('2026-03-01T12:00:00.000Z');
const options = { source: 'shop', receivedAt: now, maxSkewMs: 60_000, eventsRetentionDays: 30 };
const clean = (events: unknown[]) => cleanEvents(events, options);

describe('cleanEvents', () => {
  it('refuses a ts older than the events retention, naming it, and keeps one just inside', () => {
    const day = 86_400_000;
    const { events, rejected } = clean([
      { id: 'old', type: 't', ts: now - 30 * day - 1000 },
      { id: 'inside', type: 't', ts: now - 30 * day + 60_000 },
      { id: 'ancient', type: 't', ts: '2014-07-01T10:15:20Z' },
    ]);
    expect(events.map((e) => e.id)).toEqual(['inside']);
    expect(rejected).toEqual(
      [0, 2].map((index) => ({
        index,
        field: 'ts',
        message:
          'ts is older than the 30-day events retention (before 2026-01-30T12:00:00.000Z): ' +
          'it would be deleted, so it is not accepted',
      })),
    );
  });

  it('normalises ISO-8601 with offsets and epoch ms to UTC epoch ms, defaulting to arrival', () => {
    const { events, rejected } = clean([
      { id: 'a', type: 't', ts: '2026-03-01T13:30:00+02:00' },
      { id: 'b', type: 't', ts: now - 5000 },
      { id: 'c', type: 't' },
      { id: 'd', type: 't', ts: '2026-03-01' },
    ]);
    expect(rejected).toEqual([]);
    expect(events.map((e) => e.ts)).toEqual([
      Date.parse('2026-03-01T11:30:00Z'),
      now - 5000,
      now,
      Date.parse('2026-03-01T00:00:00Z'),
    ]);
  });

  it('rejects invalid dates, far-future timestamps and non-finite values with the field named', () => {
    const { events, rejected } = clean([
      { id: 'a', type: 't', ts: '2024-13-45T99:99:99Z' },
      { id: 'b', type: 't', ts: '2026-02-30T00:00:00Z' },
      { id: 'c', type: 't', ts: now + 120_000 },
      { id: 'd', type: 't', value: Number.NaN },
      { id: 'e', type: 't', value: 'ten' },
      { id: 'f', type: 't', ts: now + 30_000 },
    ]);
    expect(events.map((e) => e.id)).toEqual(['f']);
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'ts'],
      [1, 'ts'],
      [2, 'ts'],
      [3, 'value'],
      [4, 'value'],
    ]);
  });

  it('trims strings, caps text, folds -0 and refuses empty ids', () => {
    const { events, rejected } = clean([
      { id: '  x1 ', type: ' page_view ', text: `  ${'y'.repeat(20_000)}`, value: -0 },
      { id: '   ', type: 't' },
    ]);
    expect(events[0]).toMatchObject({ id: 'x1', type: 'page_view', value: 0 });
    expect(Object.is(events[0]?.value, -0)).toBe(false);
    expect(events[0]?.text).toHaveLength(10_000);
    expect(rejected).toEqual([{ index: 1, field: 'id', message: 'id must not be empty' }]);
  });

  it('keeps props flat and bounded', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const { rejected } = clean([
      { id: 'a', type: 't', props: { a: { b: 1 } } },
      { id: 'b', type: 't', props: many },
      { id: 'c', type: 't', props: { 'bad key': 1 } },
      { id: 'd', type: 't', props: { s: 'x'.repeat(300) } },
      { id: 'e', type: 't', props: { n: Number.POSITIVE_INFINITY } },
    ]);
    expect(rejected.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(rejected[0]?.field).toBe('props.a');
  });

  it('says what is wrong with a prop name, and does not echo a long one whole', () => {
    const long = `k${'x'.repeat(999)}`;
    const { rejected } = clean([
      { id: 'a', type: 't', props: { 'a b': 1 } },
      { id: 'b', type: 't', props: { '1a': 1 } },
      { id: 'c', type: 't', props: { [long]: 1 } },
      { id: 'd', type: 't', props: 'flat?' },
      { id: 'e', type: 't', [long]: 1 },
    ]);
    const rule = 'prop names start with a letter or _ and use [A-Za-z0-9_.-]';
    expect(rejected.map((r) => [r.field, r.message])).toEqual([
      ['props.a b', rule],
      ['props.1a', rule],
      [`props.${long.slice(0, 80)}…`, 'prop names are at most 64 characters'],
      ['props', 'props must be a flat object'],
      [`${long.slice(0, 80)}…`, 'unknown field; put dimensions in props'],
    ]);
  });

  it('cuts a long text without splitting a character in two', () => {
    const emoji = '\u{1F600}'; // two UTF-16 units
    const { events, rejected } = clean([
      { id: 'a', type: 't', text: `${'a'.repeat(9_999)}${emoji}` },
      { id: 'b', type: 't', text: `${'a'.repeat(9_998)}${emoji}b` },
    ]);
    expect(rejected).toEqual([]);
    expect(events[0]?.text).toBe('a'.repeat(9_999));
    expect(events[1]?.text).toBe(`${'a'.repeat(9_998)}${emoji}`);
  });

  it('refuses an event naming another source, unknown fields and non-objects', () => {
    const { events, rejected } = clean([
      { id: 'a', type: 't', source: 'payments' },
      { id: 'b', type: 't', source: 'shop' },
      { id: 'c', type: 't', amount: 5 },
      'just a string',
      null,
    ]);
    expect(events.map((e) => e.id)).toEqual(['b']);
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'source'],
      [2, 'amount'],
      [3, 'event'],
      [4, 'event'],
    ]);
  });
});

describe('parseEventsBody', () => {
  it('accepts a single event, a batch and NDJSON', () => {
    expect(parseEventsBody('application/json', '{"id":"a","type":"t"}')).toHaveLength(1);
    expect(parseEventsBody('application/json; charset=utf-8', '{"events":[{},{}]}')).toHaveLength(2);
    expect(parseEventsBody('application/x-ndjson', '{"id":"a"}\n\n{"id":"b"}\n')).toHaveLength(2);
  });

  it('answers 400, 413 and 415 for malformed, oversized and mistyped bodies', () => {
    expect(() => parseEventsBody('application/json', '{"events":[{"id":')).toThrow(/not valid JSON/);
    expect(() => parseEventsBody('text/plain', 'id=1')).toThrow(UnsupportedMediaTypeError);
    const big = JSON.stringify({ events: Array.from({ length: 10_001 }, () => ({})) });
    expect(() => parseEventsBody('application/json', big)).toThrow(PayloadTooLargeError);
    expect(() => parseEventsBody('application/json', '{"events":5}')).toThrow(/events must be an array/);
  });

  it('refuses a key beside events, naming it, rather than dropping it unseen', () => {
    const refusal = (body: string) => {
      try {
        parseEventsBody('application/json', body);
      } catch (error) {
        return error;
      }
      throw new Error('accepted');
    };
    const error = refusal('{"events":[{"id":"a","type":"t"}],"source":"shop"}');
    expect(error).toMatchObject({ field: 'source' });
    expect((error as Error).message).toMatch(/unknown field beside events/);
    expect(refusal(`{"${'k'.repeat(500)}":1,"events":[]}`)).toMatchObject({ field: `${'k'.repeat(80)}…` });
  });
});

describe('parseIsoTimestamp', () => {
  it('accepts leap days only in leap years', () => {
    expect(parseIsoTimestamp('2024-02-29T00:00:00Z')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseIsoTimestamp('2023-02-29T00:00:00Z')).toBeNaN();
  });
});
