'use client';

import { coverageAt } from '@/lib/alerting/suppression';
import type { SeriesLabels } from '@/lib/alerting/types';
import { useTimeFormat } from '@/components/time/time-zone';
import { toActiveSilence, toSchedule, useMaintenanceWindows, useSilences } from './silence-api';

export type SilencedBadgeProps = {
  ruleId: string | null;
  /** The rule's labels (label matchers test them). */
  labels: Readonly<Record<string, string>>;
  /** One series of the rule (an incident's); absent for the rule as a whole. */
  series?: SeriesLabels;
};

/**
 * "Silenced until <time>" while an active silence or maintenance window covers the rule or series; on
 * a rule, "Some series silenced until …" when every one covering it names series. Nothing otherwise.
 */
export function SilencedBadge({ ruleId, labels, series }: SilencedBadgeProps) {
  const silences = useSilences();
  const windows = useMaintenanceWindows();
  const time = useTimeFormat();
  if (!ruleId || (!silences.data && !windows.data)) return null;
  const now = Date.now();
  const coverage = coverageAt(
    { ruleId, ruleLabels: { ...labels }, ...(series ? { series } : {}) },
    (silences.data ?? []).filter((s) => s.state === 'active').map(toActiveSilence),
    (windows.data ?? []).map(toSchedule),
    now,
  );
  if (!coverage) return null;
  const until = time.moment(coverage.until);
  const by = coverage.by
    .map((s) => (s.type === 'silence' ? `silence: ${s.name}` : `maintenance window: ${s.name}`))
    .join('; ');
  return (
    <span className="badge silenced-badge" data-testid="silenced-badge" title={by}>
      <time dateTime={new Date(coverage.until).toISOString()}>
        {coverage.partial ? 'Some series silenced' : 'Silenced'} until {until}
      </time>
    </span>
  );
}
