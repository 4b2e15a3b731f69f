import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '@/components/api/fetch-json';
import { apiErrors, issueErrors } from './form-errors';

const schema = z.object({
  name: z.string().min(1, 'a name is needed'),
  tiers: z.array(z.object({ ratio: z.number() })),
  extra: z.never().optional(),
});

const topLevel = (path: string | null) =>
  path !== null && ['name', 'tiers'].includes(path.split('.')[0] ?? '') ? path : null;

describe('form errors', () => {
  it('puts the first zod issue of each input under it and the unshown ones on the form', () => {
    const parsed = schema.safeParse({ name: '', tiers: [{ ratio: 'x' }], extra: 1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = issueErrors(parsed.error.issues, topLevel);
    expect(errors.fields.name).toBe('a name is needed');
    expect(Object.keys(errors.fields)).toEqual(['name', 'tiers.0.ratio']);
    expect(errors.other).toHaveLength(1);
  });

  it('lets a form word an input message its own way, keeping the schema message for the form', () => {
    const parsed = schema.safeParse({ name: '', tiers: [] });
    if (parsed.success) throw new Error('expected a failed parse');
    expect(issueErrors(parsed.error.issues, topLevel, (_, field) => `${field}: needed`).fields).toEqual({
      name: 'name: needed',
    });
  });

  it('places an API refusal under the field it names, or on the form', () => {
    const refused = new ApiError('name taken', 409, 'conflict', null, 'name');
    expect(apiErrors(refused, topLevel, 'could not save')).toEqual({
      fields: { name: 'name taken' },
      other: [],
    });
    const unnamed = new ApiError('rate limited', 429, 'rate_limited', 5);
    expect(apiErrors(unnamed, topLevel, 'could not save')).toEqual({ fields: {}, other: ['rate limited'] });
    expect(apiErrors('boom', topLevel, 'could not save')).toEqual({ fields: {}, other: ['could not save'] });
  });
});
