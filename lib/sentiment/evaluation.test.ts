import { describe, expect, it } from 'vitest';
import { classificationReport, pearson } from '@/lib/sentiment/evaluation';

describe('pearson', () => {
  it('is 1 for a positive linear relation, -1 for a negative one, NaN without variance', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(pearson([1, 2], [1])).toBeNaN();
  });

  it('matches a hand-computed value', () => {
    // Deviations (-1, 0, 1) and (-2, 2, 0): r = 2 / sqrt(2 · 8) = 0.5.
    expect(pearson([1, 2, 3], [1, 5, 3])).toBeCloseTo(0.5, 12);
  });
});

describe('classificationReport', () => {
  it('computes per-class precision, recall and support-weighted F1', () => {
    const report = classificationReport(
      ['positive', 'positive', 'positive', 'negative', 'negative', 'neutral'],
      ['positive', 'positive', 'negative', 'negative', 'positive', 'neutral'],
    );
    expect(report.perClass.positive).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(report.perClass.negative).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.perClass.neutral).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(report.weightedF1).toBeCloseTo((3 * (2 / 3) + 2 * 0.5 + 1) / 6, 12);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('scores a class that is never predicted as 0, not NaN', () => {
    const report = classificationReport(['neutral', 'positive'], ['positive', 'positive']);
    expect(report.perClass.neutral).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });
});
