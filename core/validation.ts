import type { z } from 'zod';
import { ValidationError } from './errors';

/** Parses a value with a schema; the first issue becomes a 400 naming its field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw new ValidationError(issue?.message ?? 'invalid input', field);
}
