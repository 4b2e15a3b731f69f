import { describe, expect, it } from 'vitest';
import { incidentLabel, type IncidentMark } from './incident-label';

const mark: IncidentMark = {
  id: 'i',
  title: 'API p95 above 300 ms on /checkout',
  severity: 'critical',
  from: 0,
  to: 1,
};

describe('incidentLabel', () => {
  it('keeps the whole title where the span is wide enough', () => {
    expect(incidentLabel(mark, 1000)).toBe('critical: API p95 above 300 ms on /checkout');
  });

  it('cuts the title to the span, with an ellipsis, and drops it where not even a word fits', () => {
    const cut = incidentLabel(mark, 80);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length * 6).toBeLessThanOrEqual(80);
    expect('critical: API p95 above 300 ms on /checkout'.startsWith(cut.slice(0, -1))).toBe(true);
    expect(incidentLabel(mark, 20)).toBe('');
  });
});
