import { describe, expect, it } from 'vitest';
import {
  createBodyOf,
  emptyFormValues,
  fieldKeyOf,
  updateBodyOf,
  validateCreate,
  validateUpdate,
  type MetricFormValues,
} from './metric-form-values';

const values = (patch: Partial<MetricFormValues>): MetricFormValues => ({ ...emptyFormValues, ...patch });

describe('metric form values', () => {
  it('turns comma-separated inputs into lists and an empty value field into null', () => {
    expect(
      createBodyOf(values({ name: ' checkout ', eventTypes: 'purchase, refund,,', dimensions: 'source ,' })),
    ).toEqual({
      name: 'checkout',
      description: '',
      dimensions: ['source'],
      defaultGroupBy: [],
      unit: '',
      eventTypes: ['purchase', 'refund'],
      aggregation: 'count',
      valueField: null,
      ratioOf: null,
    });
  });

  it('reports each schema error at its own field', () => {
    const result = validateCreate(values({ name: 'Bad Name', aggregation: 'p95', defaultGroupBy: 'region' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.name).toBe('metric names use lowercase letters, digits and _');
    expect(result.fields.valueField).toBe('p95 needs a valueField');
    expect(result.fields.defaultGroupBy).toBe('region is not one of the dimensions');
  });

  it('builds a ratio with its scale, an empty scale meaning 1, and refuses a scale that is not a number', () => {
    const ok = validateCreate(
      values({ kind: 'ratio', name: 'share', numerator: 'a', denominator: 'b', scale: '' }),
    );
    expect(ok.ok && ok.input.ratioOf).toEqual({ numerator: 'a', denominator: 'b', scale: 1 });
    const bad = validateCreate(
      values({ kind: 'ratio', name: 'share', numerator: 'a', denominator: 'b', scale: 'x' }),
    );
    expect(bad.ok ? null : Object.keys(bad.fields)).toEqual(['ratioOf.scale']);
    const missing = validateCreate(values({ kind: 'ratio', name: 'share', numerator: '', denominator: 'b' }));
    expect(missing.ok ? null : Object.keys(missing.fields)).toEqual(['ratioOf.numerator']);
  });

  it('sends only description and unit for a built-in metric', () => {
    const edited = values({ name: 'events', description: 'All', unit: 'events', eventTypes: 'x' });
    expect(updateBodyOf(edited, true)).toEqual({ description: 'All', unit: 'events' });
    expect(validateUpdate(edited, true)).toEqual({ ok: true, input: { description: 'All', unit: 'events' } });
  });

  it('maps server and schema paths to the input that shows them', () => {
    expect(fieldKeyOf('ratioOf.denominator')).toBe('ratioOf.denominator');
    expect(fieldKeyOf('ratioOf')).toBe('ratioOf.numerator');
    expect(fieldKeyOf('eventTypes.3')).toBe('eventTypes');
    expect(fieldKeyOf('body')).toBeNull();
    expect(fieldKeyOf(null)).toBeNull();
  });
});
