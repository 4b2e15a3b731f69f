import { z } from 'zod';
import { ValidationError } from './errors';

/**
 * Parses a value with a schema; the first issue becomes a 400 naming its field. An issue about the value
 * as a whole (empty path) names `rootField`, e.g. `body`; an unknown key names that key.
 */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, rootField?: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  throw new ValidationError(issue?.message ?? 'invalid input', path.join('.') || rootField);
}

const firstInstant = Date.parse('0001-01-01T00:00:00Z');
const lastInstant = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * True for epoch ms that PostgreSQL's timestamptz stores and that `toISOString` writes as text it reads
 * back: years 0001 to 9999 in UTC (PostgreSQL has no year 0; JS writes other years as `+010000`, `-000001`).
 */
export function isStorableInstant(ms: number): boolean {
  return ms >= firstInstant && ms <= lastInstant;
}

/**
 * An ISO-8601 date-time with a `Z` or an offset, in years 0001–9999 (UTC): every date-time field and
 * query parameter of the API uses it, so a value PostgreSQL would refuse gets a 400 naming `name`.
 */
export function isoInstant(name: string) {
  return z.iso
    .datetime({ offset: true, abort: true, error: `${name} must be an ISO-8601 date-time` })
    .refine((v) => isStorableInstant(Date.parse(v)), {
      error: `${name} is out of range (years 0001 to 9999)`,
      abort: true,
    });
}
