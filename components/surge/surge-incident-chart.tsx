'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getJson } from '@/components/api/fetch-json';
import { MultiplierChart } from './multiplier-chart';
import { groupKeyOf, useCurrentSurges, type SurgeEventView } from './surge-api';
import { multiplierSteps } from './use-surge-live';
import type { IncidentView } from '@/contracts/responses/alerting';

const halfHourMs = 30 * 60_000;

/** The multiplier of a surge incident's group, ±30 minutes around the incident, with its incident line. */
export function SurgeIncidentChart({ incident }: { incident: IncidentView & { surgeRuleId: string } }) {
  const ruleId = incident.surgeRuleId;
  const opened = Date.parse(incident.openedAt);
  const resolved = incident.resolvedAt ? Date.parse(incident.resolvedAt) : null;
  const [now] = useState(() => Date.now());
  const from = opened - halfHourMs;
  const to = Math.min((resolved ?? now) + halfHourMs, Math.max(now, opened + 60_000));
  const key = groupKeyOf(incident.series);
  const history = useQuery({
    queryKey: ['surges', 'incident', ruleId, from, to] as const,
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({
        rule: ruleId,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        limit: '5000',
      });
      return (await getJson<{ surges: SurgeEventView[] }>(`/api/v1/surges?${params.toString()}`, signal))
        .surges;
    },
    refetchInterval: resolved === null ? 5_000 : false,
  });
  const current = useCurrentSurges(ruleId);
  const mine = <T extends { group: Record<string, string> }>(list: readonly T[]): T[] =>
    list.filter((s) => groupKeyOf(s.group) === key);
  // An open incident's line runs on to the group's current multiplier; a resolved one's ends at its last change.
  const steps = multiplierSteps(
    resolved === null ? mine(current.data ?? []) : [],
    mine(history.data ?? []),
    from,
    to,
  );
  return <MultiplierChart steps={steps} from={from} to={to} incidentMultiplier={incident.threshold} />;
}
