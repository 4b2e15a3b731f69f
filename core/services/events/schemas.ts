import { z } from 'zod';
import { isoInstant } from '@/core/validation';

/** Limits on one request and one event; README lists them. */
export const ingestLimits = {
  maxEvents: 10_000,
  maxBodyBytes: 5 * 1024 * 1024,
  maxEventBytes: 64 * 1024,
  maxIdLength: 256,
  maxTypeLength: 128,
  maxStringLength: 256,
  maxTextLength: 10_000,
  maxProps: 32,
  maxPropKeyLength: 64,
  maxPropValueLength: 256,
} as const;

const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Parses ISO-8601 (date-time with offset, or a bare date, taken as UTC) to epoch ms; NaN when invalid. */
export function parseIsoTimestamp(value: string): number {
  const m = isoDateTime.exec(value);
  if (!m) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return Number.NaN;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return Number.NaN;
  const text = zone || !value.includes('T') ? value : `${value}Z`;
  return Date.parse(text.replace(' ', 'T'));
}

/** Dimension values are grouping keys: control characters (U+0000–U+001F, U+007F) are refused. */
// eslint-disable-next-line no-control-regex
const noControlCharacters = /^[^\u0000-\u001f\u007f]*$/;

/**
 * An event's text, trimmed and cut to `maxTextLength` UTF-16 units without splitting a surrogate pair: a
 * cut emoji left half a character, which made a valid event fail the lone-surrogate check or reach
 * PostgreSQL as U+FFFD.
 */
export function cutText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= ingestLimits.maxTextLength) return trimmed;
  const end = ingestLimits.maxTextLength;
  const last = trimmed.charCodeAt(end - 1);
  return trimmed.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/** A name the client sent, as a rejection names it: a 1,000-character prop name is not echoed whole. */
export function shownName(name: string): string {
  const shown = 80;
  return name.length > shown ? `${name.slice(0, shown)}…` : name;
}

/** Prop names as dimensions: `props.<name>` in metric definitions. */
export const propNamePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const trimmed = (max: number, name: string) =>
  z
    .string({ error: `${name} must be a string` })
    .transform((s) => s.trim())
    .pipe(
      z.string().min(1, `${name} must not be empty`).max(max, `${name} must be at most ${max} characters`),
    );

const propValue = z.union(
  [
    z
      .string()
      .max(ingestLimits.maxPropValueLength, `at most ${ingestLimits.maxPropValueLength} characters`)
      .regex(noControlCharacters, 'must not contain control characters'),
    z.number().refine(Number.isFinite, 'must be a finite number'),
    z.boolean(),
  ],
  { error: 'must be a string, a finite number or a boolean (props are flat)' },
);

/**
 * One event as a producer sends it. The form of the public contract (DESIGN.md): `ts` is ISO-8601 or
 * epoch ms and defaults to arrival; `props` is a flat object of dimensions.
 */
export const eventInputSchema = z.strictObject(
  {
    id: trimmed(ingestLimits.maxIdLength, 'id'),
    type: trimmed(ingestLimits.maxTypeLength, 'type').pipe(
      z.string().regex(/^[\p{L}\p{N}_.:/-]+$/u, 'type may contain letters, digits and _ . : / - only'),
    ),
    ts: z
      .union([z.string(), z.number()], { error: 'ts must be an ISO-8601 string or epoch milliseconds' })
      .optional(),
    dedupKey: trimmed(ingestLimits.maxIdLength, 'dedupKey').optional(),
    source: z.string({ error: 'source must be a string' }).optional(),
    user: trimmed(ingestLimits.maxStringLength, 'user')
      .pipe(z.string().regex(noControlCharacters, 'user must not contain control characters'))
      .optional(),
    value: z
      .number({ error: 'value must be a finite number' })
      .refine(Number.isFinite, 'value must be a finite number')
      .optional(),
    text: z.string({ error: 'text must be a string' }).transform(cutText).optional(),
    props: z
      .unknown()
      // zod's record drops a `__proto__` key silently (and the event would lose that prop unseen).
      .refine((p) => p === null || typeof p !== 'object' || !Object.hasOwn(p, '__proto__'), {
        message: 'prop names must not be __proto__',
        path: ['__proto__'],
      })
      .pipe(
        z
          .record(
            z
              .string()
              .max(
                ingestLimits.maxPropKeyLength,
                `prop names are at most ${ingestLimits.maxPropKeyLength} characters`,
              )
              .regex(propNamePattern, 'prop names start with a letter or _ and use [A-Za-z0-9_.-]'),
            propValue,
            {
              // A bad name keeps its own message (zod words it "Invalid key in record").
              error: (issue) =>
                issue.code === 'invalid_key'
                  ? issue.issues[0]?.message
                  : issue.code === 'invalid_type'
                    ? 'props must be a flat object'
                    : undefined,
            },
          )
          .refine((p) => Object.keys(p).length <= ingestLimits.maxProps, {
            message: `props may have at most ${ingestLimits.maxProps} keys`,
          }),
      )
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'an event must be a JSON object') },
);
export type EventInput = z.infer<typeof eventInputSchema>;

export const ingestResponseSchema = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), field: z.string(), message: z.string() })),
});
export type IngestResponse = z.infer<typeof ingestResponseSchema>;

export const listEventsQuerySchema = z
  .strictObject({
    type: z.string().max(ingestLimits.maxTypeLength).optional(),
    source: z.string().max(ingestLimits.maxStringLength).optional(),
    from: isoInstant('from').optional(),
    to: isoInstant('to').optional(),
    limit: z.coerce
      .number({ error: 'limit must be a number' })
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(1000, 'limit must be at most 1000')
      .default(100),
    cursor: z.string().max(500).optional(),
  })
  // Both bounds are inclusive: from = to is one instant (the Sentiment page links to an event so).
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    message: 'to must not be before from',
  });
export type ListEventsQuery = z.infer<typeof listEventsQuerySchema>;
