import type { MetricSummary } from './catalogue-api';

const numberFormats = new Map<number, Intl.NumberFormat>();

function plain(value: number): string {
  const abs = Math.abs(value);
  const digits = abs === 0 || abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format.format(value);
}

/** True for an ISO 4217 code the browser can format as money (`USD`, `EUR`…). */
export function isCurrencyUnit(unit: string): boolean {
  if (!/^[A-Z]{3}$/.test(unit)) return false;
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: unit });
    return true;
  } catch {
    return false;
  }
}

/**
 * A metric value with its unit: money for currency codes (`$1,234.50`), `%` and `ms` glued or spaced
 * the usual way, any other unit after the number. Null (no data in the bucket or window) is a dash.
 */
export function formatMetricValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (isCurrencyUnit(unit)) {
    const cents = Math.abs(value) < 10_000 ? 2 : 0;
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: unit,
      minimumFractionDigits: cents,
      maximumFractionDigits: cents,
    }).format(value);
  }
  if (unit === '%') return `${plain(value)}%`;
  return unit ? `${plain(value)} ${unit}` : plain(value);
}

/** How a metric is computed, e.g. `sum(value)`, `count`, `p95(props.latency)`. */
export function describeAggregation(metric: Pick<MetricSummary, 'aggregation' | 'valueField'>): string {
  return metric.valueField && metric.aggregation !== 'count' && metric.aggregation !== 'rate'
    ? `${metric.aggregation}(${metric.valueField})`
    : metric.aggregation;
}

/** A derived ratio as a formula, e.g. `api_errors / api_requests × 100`. */
export function describeRatio(ratio: NonNullable<MetricSummary['ratioOf']>): string {
  const base = `${ratio.numerator} / ${ratio.denominator}`;
  return ratio.scale === 1 ? base : `${base} × ${ratio.scale}`;
}

/** Whether a bucket without data means zero (counts and sums) rather than "no value" (averages, percentiles). */
export function missingMeansZero(metric: Pick<MetricSummary, 'aggregation' | 'ratioOf'>): boolean {
  if (metric.ratioOf) return false;
  return ['count', 'rate', 'sum', 'distinct', 'topk'].includes(metric.aggregation);
}
