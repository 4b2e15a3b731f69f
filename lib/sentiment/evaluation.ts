import type { SentimentLabel } from './score';

export const sentimentLabels: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

/** Pearson's correlation coefficient; NaN when either series is constant or the lengths differ. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n === 0 || n !== ys.length) return Number.NaN;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i += 1) {
    meanX += xs[i] ?? 0;
    meanY += ys[i] ?? 0;
  }
  meanX /= n;
  meanY /= n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] ?? 0) - meanX;
    const dy = (ys[i] ?? 0) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}

export type ClassScores = { precision: number; recall: number; f1: number; support: number };

export type ClassificationReport = {
  perClass: Record<SentimentLabel, ClassScores>;
  /** F1 averaged over the classes, each weighted by its number of true examples. */
  weightedF1: number;
  accuracy: number;
};

const ratio = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : numerator / denominator;

/** Precision, recall and F1 per class, as scikit-learn's classification_report computes them. */
export function classificationReport(
  truth: readonly SentimentLabel[],
  predicted: readonly SentimentLabel[],
): ClassificationReport {
  if (truth.length !== predicted.length) throw new Error('truth and predicted differ in length');
  const scoresOf = (label: SentimentLabel): ClassScores & { truePositives: number } => {
    let truePositives = 0;
    let predictedCount = 0;
    let support = 0;
    for (let i = 0; i < truth.length; i += 1) {
      const isTrue = truth[i] === label;
      const isPredicted = predicted[i] === label;
      if (isTrue) support += 1;
      if (isPredicted) predictedCount += 1;
      if (isTrue && isPredicted) truePositives += 1;
    }
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, support);
    return {
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      support,
      truePositives,
    };
  };
  const negative = scoresOf('negative');
  const neutral = scoresOf('neutral');
  const positive = scoresOf('positive');
  const classes = [negative, neutral, positive];
  const strip = ({ precision, recall, f1, support }: ClassScores): ClassScores => ({
    precision,
    recall,
    f1,
    support,
  });
  return {
    perClass: { negative: strip(negative), neutral: strip(neutral), positive: strip(positive) },
    weightedF1: ratio(
      classes.reduce((sum, scores) => sum + scores.f1 * scores.support, 0),
      truth.length,
    ),
    accuracy: ratio(
      classes.reduce((sum, scores) => sum + scores.truePositives, 0),
      truth.length,
    ),
  };
}
