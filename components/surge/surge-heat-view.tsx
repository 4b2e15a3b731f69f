'use client';

import { useColorScheme } from '@/components/theme/use-color-scheme';
import {
  formatMultiplier,
  groupLabel,
  topMultiplier,
  type CurrentSurgeView,
  type SurgeRuleView,
} from './surge-api';

/** Green at ×1, through amber, to red at the rule's highest multiplier. */
export function heatColor(multiplier: number, top: number, dark: boolean): string {
  const share = top > 1 ? Math.min(1, Math.max(0, (multiplier - 1) / (top - 1))) : multiplier > 1 ? 1 : 0;
  const hue = Math.round(140 - 140 * share);
  return dark ? `hsl(${hue} 55% ${24 + share * 8}%)` : `hsl(${hue} 75% ${90 - share * 22}%)`;
}

export type SurgeHeatViewProps = {
  rule: SurgeRuleView;
  groups: readonly CurrentSurgeView[];
  loading: boolean;
};

/** A grid of the rule's groups (one cell per zone), coloured by the current multiplier. */
export function SurgeHeatView({ rule, groups, loading }: SurgeHeatViewProps) {
  const dark = useColorScheme() === 'dark';
  const top = topMultiplier(rule);
  const sorted = [...groups].sort((a, b) => groupLabel(a.group).localeCompare(groupLabel(b.group)));
  return (
    <section className="panel" aria-labelledby="surge-heat-title">
      <header className="panel-header">
        <h2 id="surge-heat-title" className="panel-title">
          Multiplier by {rule.groupBy.length > 0 ? rule.groupBy.join(', ') : 'group'}
        </h2>
        <p className="panel-description">
          Now, live. Incidents from{' '}
          {rule.incidentMultiplier ? formatMultiplier(rule.incidentMultiplier) : '—'}.
        </p>
      </header>
      {sorted.length === 0 ? (
        <p className="muted surge-heat-empty">{loading ? 'Loading…' : 'No groups have reported yet.'}</p>
      ) : (
        <ul className="surge-heat" data-testid="surge-heat">
          {sorted.map((s) => {
            const label = groupLabel(s.group);
            const incident = rule.incidentMultiplier !== null && s.multiplier >= rule.incidentMultiplier;
            return (
              <li
                key={label}
                className="surge-cell"
                data-testid="surge-cell"
                data-group={label}
                data-multiplier={s.multiplier}
                data-incident={incident ? 'true' : undefined}
                style={{ background: heatColor(s.multiplier, top, dark) }}
                aria-label={`${label}: ${formatMultiplier(s.multiplier)}`}
              >
                <span className="surge-cell-group">{label}</span>
                <span className="surge-cell-multiplier">{formatMultiplier(s.multiplier)}</span>
                <span className="surge-cell-ratio">
                  ratio {s.ratio === null ? '∞' : Number(s.ratio.toFixed(2))}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
