import type { z } from 'zod';
import { ApiError } from '@/components/api/fetch-json';

/** A form's messages: one under each input that has one, the rest (`other`) for the whole form. */
export type FormErrors<K extends string = string> = {
  fields: Partial<Record<K, string>>;
  other: string[];
};

export const noFormErrors: FormErrors<never> = { fields: {}, other: [] };

/**
 * The issues of a zod parse (the schema the API parses with), the first per input under the input its
 * path (`tiers.1.ratio`) maps to; an issue no input shows goes to `other` with its own message.
 */
export function issueErrors<K extends string>(
  issues: readonly z.core.$ZodIssue[],
  fieldOf: (path: string) => K | null,
  messageOf: (issue: z.core.$ZodIssue, field: K) => string = (issue) => issue.message,
): FormErrors<K> {
  const fields: Partial<Record<K, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path.map(String).join('.'));
    if (field) fields[field] ??= messageOf(issue, field);
    else other.push(issue.message);
  }
  return { fields, other };
}

/**
 * A failed save: the message goes under the input the API's `{error:{field}}` names (when `fieldOf`
 * maps it to one), else to the form; `fallback` stands in for an error without a message.
 */
export function apiErrors<K extends string>(
  error: unknown,
  fieldOf: (path: string | null) => K | null,
  fallback: string,
): FormErrors<K> {
  const message = error instanceof Error ? error.message : fallback;
  const field = error instanceof ApiError ? fieldOf(error.field) : null;
  if (!field) return { fields: {}, other: [message] };
  const fields: Partial<Record<K, string>> = {};
  fields[field] = message;
  return { fields, other: [] };
}
