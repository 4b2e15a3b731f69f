import { describe, expect, it } from 'vitest';
import { risingTerms, termCounts } from './rising-terms';

describe('rising negative terms', () => {
  it('counts each term once per text', () => {
    const { counts, texts } = termCounts(['refund refund please', 'no refund yet', 'app crashed']);
    expect(texts).toBe(3);
    expect(counts.get('refund')).toBe(2);
    expect(counts.get('crashed')).toBe(1);
  });

  it('ranks terms by the rise of their share among negative texts', () => {
    const previous = [
      'delivery was late again',
      'late delivery, annoying',
      'checkout is slow',
      'delivery late and rude driver',
    ];
    const recent = [
      'checkout crashed, payment failed',
      'payment failed twice, awful',
      'payment failed and delivery late',
      'terrible checkout',
    ];
    const terms = risingTerms(recent, previous);
    // "failed" and "payment": 3 of 4 recent texts, none before (a tie, alphabetical).
    expect(terms.slice(0, 2)).toMatchObject([
      { term: 'failed', recentCount: 3, recentShare: 0.75, previousShare: 0, rise: 0.75 },
      { term: 'payment', recentCount: 3, recentShare: 0.75, previousShare: 0, rise: 0.75 },
    ]);
    expect(terms.map((t) => t.term)).toContain('checkout'); // 2/4 now against 1/4 before
    // "delivery" and "late" fell from 3/4 to 1/4 and are below the minimum count: not rising.
    expect(terms.map((t) => t.term)).not.toContain('delivery');
    expect(terms.map((t) => t.term)).not.toContain('late');
  });

  it('needs recent texts, and a term needs at least minCount of them', () => {
    expect(risingTerms([], ['bad'])).toEqual([]);
    expect(risingTerms(['outage everywhere'], [])).toEqual([]);
    expect(risingTerms(['outage everywhere'], [], { minCount: 1 })).toMatchObject([
      { term: 'everywhere', rise: 1 },
      { term: 'outage', rise: 1 },
    ]);
  });
});
