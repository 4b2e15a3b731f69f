import { describe, expect, it } from 'vitest';
import { parseEventFast } from './fast-event';
import { eventInputSchema, ingestLimits } from './schemas';

const long = (n: number) => 'x'.repeat(n);
const props32 = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`p${i}`, i]));
const props33 = { ...props32, p32: 1 };

// Valid events of every shape the fast path takes, and near misses it must leave to the schema.
const cases: unknown[] = [
  { id: 'a', type: 't' },
  { id: '  a  ', type: ' page_view ', ts: 1_700_000_000_000, user: ' u1 ', value: -0, text: '  hi  ' },
  { id: 'a', type: 'api/req:v1.x-y', ts: '2026-03-01T12:00:00Z', dedupKey: ' k ', source: 'shop' },
  { id: 'a', type: 'Größe_ü1', props: { zone: 'x', n: 1.5, ok: true, _a: '', 'a.b-c': 'v' } },
  { id: 'a', type: 't', props: props32 },
  { id: 'a', type: 't', text: ` ${long(20_000)} ` },
  { id: long(256), type: long(128), user: long(256), dedupKey: long(256) },
  { id: 'a', type: 't', props: { v: long(256) } },
  { id: 'a', type: 't', props: {} },
  { id: 'a', type: 't', text: '' },
  // near misses
  null,
  [],
  'text',
  { id: '', type: 't' },
  { id: '   ', type: 't' },
  { id: 1, type: 't' },
  { id: long(257), type: 't' },
  { id: 'a', type: long(129) },
  { id: 'a', type: 'has space' },
  { id: 'a', type: 't', extra: 1 },
  { id: 'a', type: 't', ts: null },
  { id: 'a', type: 't', ts: Number.NaN },
  { id: 'a', type: 't', ts: Number.POSITIVE_INFINITY },
  { id: 'a', type: 't', ts: true },
  { id: 'a', type: 't', dedupKey: ' ' },
  { id: 'a', type: 't', source: 1 },
  { id: 'a', type: 't', user: 'a\u0001b' },
  { id: 'a', type: 't', user: long(257) },
  { id: 'a', type: 't', value: Number.NaN },
  { id: 'a', type: 't', value: '1' },
  { id: 'a', type: 't', value: null },
  { id: 'a', type: 't', text: 1 },
  { id: 'a', type: 't', props: [] },
  { id: 'a', type: 't', props: null },
  { id: 'a', type: 't', props: { nested: { a: 1 } } },
  { id: 'a', type: 't', props: { v: null } },
  { id: 'a', type: 't', props: { v: long(257) } },
  { id: 'a', type: 't', props: { v: 'a\nb' } },
  { id: 'a', type: 't', props: { '1a': 1 } },
  { id: 'a', type: 't', props: { [long(65)]: 1 } },
  { id: 'a', type: 't', props: { v: Number.NaN } },
  { id: 'a', type: 't', props: props33 },
  JSON.parse('{"id":"a","type":"t","props":{"__proto__":{"x":1}}}') as unknown,
  JSON.parse('{"id":"a","type":"t","__proto__":{"x":1}}') as unknown,
];

describe('parseEventFast', () => {
  it('accepts only what the schema accepts, with the same output', () => {
    for (const item of cases) {
      const fast = parseEventFast(item);
      const parsed = eventInputSchema.safeParse(item);
      if (fast !== null) {
        expect(parsed.success, JSON.stringify(item)?.slice(0, 80)).toBe(true);
        expect(fast).toStrictEqual(parsed.data);
      }
    }
  });

  it('takes the common valid shapes itself', () => {
    const valid = cases.slice(0, 10);
    for (const item of valid) expect(parseEventFast(item), JSON.stringify(item).slice(0, 80)).not.toBeNull();
    expect(parseEventFast(cases[5])?.text).toHaveLength(ingestLimits.maxTextLength);
  });
});
