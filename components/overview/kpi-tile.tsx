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
};

/** One KPI: label, big value, what it covers, and a sparkline of the last 5 minutes. */
export function KpiTile({ slug, label, value, hint, spark, from, to, color, tone = 'normal' }: KpiTileProps) {
  return (
    <article
      className="panel kpi-tile"
      data-testid={`kpi-${slug}`}
      data-tone={tone}
      aria-busy={value === null}
    >
      <h2 className="kpi-label">{label}</h2>
      <p className="kpi-value" data-testid="kpi-value">
        {value ?? '—'}
      </p>
      <p className="kpi-hint">{hint}</p>
      <Sparkline points={spark} from={from} to={to} color={color} />
    </article>
  );
}
