import { anomalyKind } from './anomaly';
import type { RuleKind } from './kind';
import { noDataKind } from './no-data';
import { rateOfChangeKind } from './rate-of-change';
import { sentimentKind } from './sentiment';
import { thresholdKind } from './threshold';

export const ruleKindNames = ['threshold', 'rate_of_change', 'no_data', 'anomaly', 'sentiment'] as const;
export type RuleKindName = (typeof ruleKindNames)[number];

/** The kind registry: a new kind is one module here (the sentiment issue adds its own). */
export const ruleKinds: Record<RuleKindName, RuleKind> = {
  threshold: thresholdKind,
  rate_of_change: rateOfChangeKind,
  no_data: noDataKind,
  anomaly: anomalyKind,
  sentiment: sentimentKind,
};

export function ruleKind(name: string): RuleKind | null {
  return (ruleKinds as Record<string, RuleKind | undefined>)[name] ?? null;
}
