import { z } from 'zod';
import { severities } from '@/lib/alerting/types';
import { surgeWindows } from '@/lib/surge/windows';
import { evaluationFailureSchema, labelsSchema as labels } from './common';

// What the surge API answers: surge rules, multiplier changes, current multipliers, backtests.

/** A surge rule as the REST API returns it. */
export const surgeRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  demandMetric: z.string(),
  supplyMetric: z.string(),
  groupBy: z.array(z.string()),
  window: z.enum(surgeWindows),
  tiers: z.array(z.object({ ratio: z.number(), multiplier: z.number() })),
  cap: z.number().nullable(),
  holdSeconds: z.number(),
  cooldownSeconds: z.number(),
  incidentMultiplier: z.number().nullable(),
  severity: z.enum(severities),
  enabled: z.boolean(),
  /** Seeded by the demo as an example (shown with a Demo badge); editable and removable like any other. */
  demo: z.boolean(),
  /** Set while the engine cannot evaluate it (a rule that looks enabled and does not fire): why, since when. */
  evaluationFailure: evaluationFailureSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SurgeRuleView = z.infer<typeof surgeRuleSchema>;

/** One multiplier change, as the API returns it and the socket's `surge` frames carry it. */
export const surgeEventSchema = z.object({
  rule: z.string(),
  ruleName: z.string(),
  group: labels,
  ts: z.string(),
  /** Demand over supply; null when supply was zero with demand above it. */
  ratio: z.number().nullable(),
  multiplier: z.number(),
  previous: z.number(),
});
export type SurgeEventView = z.infer<typeof surgeEventSchema>;

/** The current multiplier of each group of each surge rule. */
export const currentSurgeSchema = z.object({
  rule: z.string(),
  ruleName: z.string(),
  group: labels,
  multiplier: z.number(),
  /** The ratio at the last change. */
  ratio: z.number().nullable(),
  since: z.string(),
  lastChangeAt: z.string().nullable(),
});
export type CurrentSurgeView = z.infer<typeof currentSurgeSchema>;

/** A surge rule replayed over stored demand and supply (lib/surge/replay.ts), and how it was read. */
export const surgeBacktestSchema = z.object({
  /** Each multiplier change the rule would have made. */
  changes: z.array(
    z.object({
      ts: z.string(),
      group: labels,
      /** Demand ÷ supply at the change; null: demand with no supply. */
      ratio: z.number().nullable(),
      multiplier: z.number(),
      previous: z.number(),
    }),
  ),
  /** Each stretch a group would have spent above the base multiplier. */
  surges: z.array(
    z.object({
      group: labels,
      startedAt: z.string(),
      /** When it would have stepped back to the base multiplier; null: still surging at the range's end. */
      endedAt: z.string().nullable(),
      /** The highest multiplier reached, and the ratio that called for it (null: no supply). */
      peakMultiplier: z.number(),
      peakRatio: z.number().nullable(),
      /** Whether the peak reached the rule's incident multiplier. */
      incident: z.boolean(),
    }),
  ),
  evaluations: z.number(),
  /** Seconds between replayed evaluations (never more than the rule's window). */
  stepSeconds: z.number(),
  /** Whether the windows were read from 1-second points or 1-minute rollups. */
  resolution: z.enum(['second', 'minute']),
  evaluated: z.object({ from: z.string(), to: z.string() }),
  /** How the replay differs from the live engine's; empty when it does not. */
  notes: z.array(z.string()),
});
export type SurgeBacktestResult = z.infer<typeof surgeBacktestSchema>;
