'use client';

import { Sparkline } from '@/components/charts/sparkline';

export type KpiTileProps = {
  /** `data-testid` is `kpi-<slug>`. */
  slug: string;
  label: string;
  /** Formatted value, or null while loading. */
  value: string | null;
  /** What the value covers, e.g. "avg of the last 10 s". */
  hint: string;
  spark: ReadonlyArray<readonly [number, number]>;
  from: number;
  to: number;
  color: string;
  /** Draws attention to the value (e.g. errors above zero). */
  tone?: 'normal' | 'bad';
  /**
   * The tile's metric is not in the catalogue: the value is a dash and the hint says why.
   * @defaultValue false
   */
  absent?: boolean;
  /**
   * Draw missing seconds of the sparkline as zero (right for counts and sums, wrong for percentiles).
   * @defaultValue true
   */
  sparkZeroFill?: boolean;
};

/** One KPI: label, big value, what it covers, and a sparkline of the last 5 minutes. */
export function KpiTile(props: KpiTileProps) {
  const { slug, label, value, hint, spark, from, to, color, tone = 'normal' } = props;
  const { absent = false, sparkZeroFill = true } = props;
  const state = absent ? 'absent' : value === null ? 'loading' : 'ready';
  return (
    <article
      className="panel kpi-tile"
      data-testid={`kpi-${slug}`}
      data-tone={tone}
      data-state={state}
      aria-busy={state === 'loading'}
    >
      <h2 className="kpi-label">{label}</h2>
      <p className="kpi-value" data-testid="kpi-value">
        {absent ? '—' : (value ?? '—')}
      </p>
      <p className="kpi-hint">{hint}</p>
      <Sparkline points={spark} from={from} to={to} color={color} zeroFill={sparkZeroFill} />
    </article>
  );
}
