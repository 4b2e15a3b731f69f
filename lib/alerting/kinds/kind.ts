import type { z } from 'zod';

/**
 * Points come from the 1-second points (`second`) or from the 1-minute rollups (`minute`, ranges floored
 * to whole minutes): current windows need the former, baselines reaching back days the latter.
 */
export type Resolution = 'second' | 'minute';

/** A window of a metric to read, `[from, to)` in epoch ms. */
export type WindowSpec = { from: number; to: number; resolution: Resolution };

/** One series' value over one window: the metric's value, its event count, and whether the metric had any data there. */
export type WindowValue = { value: number | null; count: number; present: boolean };

/**
 * What a kind concludes for one series. `breaching` starts (or keeps) a firing; `clear` ends it. The two
 * differ under hysteresis: between the thresholds a firing series stays firing and an ok one stays ok.
 */
export type Evaluation = {
  value: number | null;
  threshold: number | null;
  /** Where a firing series clears (the hysteresis line), when the kind has one; charts draw it. */
  clearThreshold?: number | null;
  breaching: boolean;
  clear: boolean;
  /** Kind-specific figures (a baseline's median and spread) for the timeline. */
  detail?: Record<string, number | null>;
};

export type EvaluationTime = { end: number; windowMs: number };

/** A kind as each module writes it, typed by its own params schema. */
export type KindDefinition<S extends z.ZodType> = {
  name: string;
  params: S;
  /** The windows to read at an evaluation ending at `end`; values come back in the same order. */
  windows: (params: z.output<S>, at: EvaluationTime) => WindowSpec[];
  evaluate: (params: z.output<S>, values: WindowValue[]) => Evaluation;
  /** Restricts the metric's points to dimension values (no data: the event type). */
  filter?: (params: z.output<S>) => Record<string, string>;
};

/** A kind with its params bound, ready to evaluate. */
export type PreparedKind = {
  filter: Record<string, string>;
  windows: (at: EvaluationTime) => WindowSpec[];
  evaluate: (values: WindowValue[]) => Evaluation;
};

/** A registry entry: the params schema, and `prepare`, which parses params once per rule. */
export type RuleKind = {
  name: string;
  params: z.ZodType;
  prepare: (params: unknown) => PreparedKind;
};

export function defineKind<S extends z.ZodType>(definition: KindDefinition<S>): RuleKind {
  return {
    name: definition.name,
    params: definition.params,
    prepare(raw) {
      const params = definition.params.parse(raw);
      return {
        filter: definition.filter?.(params) ?? {},
        windows: (at) => definition.windows(params, at),
        evaluate: (values) => definition.evaluate(params, values),
      };
    },
  };
}

export const comparisonOps = ['>', '>=', '<', '<='] as const;
export type ComparisonOp = (typeof comparisonOps)[number];

export function holds(op: ComparisonOp, value: number, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** A clear threshold must lie on the safe side of the firing one, or the series could never clear. */
export function clearsOnSafeSide(op: ComparisonOp, threshold: number, clearAt: number | undefined): boolean {
  if (clearAt === undefined) return true;
  return op === '>' || op === '>=' ? clearAt <= threshold : clearAt >= threshold;
}

/** Nothing to judge (e.g. an average over no events): no breach, and a firing series clears. */
export const noEvaluation = (value: number | null = null): Evaluation => ({
  value,
  threshold: null,
  breaching: false,
  clear: true,
});
