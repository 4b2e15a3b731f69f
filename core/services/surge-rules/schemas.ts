import { z } from 'zod';
import { isoInstant } from '@/core/validation';
import { severities } from '@/lib/alerting/types';
import { surgeWindows } from '@/lib/surge/windows';
import { metricNameSchema } from '@/core/services/metrics/schemas';

export const surgeRuleIdSchema = z.uuid({ error: 'not a surge rule id' }).toLowerCase();

const dimensionName = z
  .string()
  .regex(
    /^(type|source|user|[A-Za-z_][A-Za-z0-9_.-]{0,63})$/,
    'a dimension is type, source, user or a prop name',
  );

const tierSchema = z.strictObject({
  ratio: z.number().finite().positive('a tier ratio must be above 0'),
  multiplier: z
    .number()
    .finite()
    .min(1, 'a multiplier is at least 1')
    .max(100, 'a multiplier is at most 100'),
});

/** Tiers come back sorted by ratio; ratios are distinct and multipliers rise with them. */
const tiersSchema = z
  .array(tierSchema)
  .min(1, 'a surge rule needs at least one tier')
  .max(20, 'at most 20 tiers')
  .transform((tiers) => [...tiers].sort((a, b) => a.ratio - b.ratio))
  .superRefine((tiers, ctx) => {
    for (let i = 1; i < tiers.length; i++) {
      const [prev, cur] = [tiers[i - 1]!, tiers[i]!];
      if (cur.ratio === prev.ratio) {
        ctx.addIssue({ code: 'custom', path: [i, 'ratio'], message: 'tier ratios must be distinct' });
      } else if (cur.multiplier < prev.multiplier) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'multiplier'],
          message: 'a higher ratio cannot have a lower multiplier',
        });
      }
    }
  });

const fields = {
  name: z.string().trim().min(1, 'a surge rule needs a name').max(200, 'name is at most 200 characters'),
  demandMetric: metricNameSchema,
  supplyMetric: metricNameSchema,
  groupBy: z.array(dimensionName).max(6, 'at most 6 group-by dimensions'),
  window: z.enum(surgeWindows, { error: `window must be one of ${surgeWindows.join(' ')}` }),
  tiers: tiersSchema,
  cap: z.number().finite().min(1, 'cap is at least 1').nullable(),
  holdSeconds: z.number().int().min(0).max(86_400, 'holdSeconds is at most a day'),
  cooldownSeconds: z.number().int().min(0).max(86_400, 'cooldownSeconds is at most a day'),
  incidentMultiplier: z.number().finite().min(1).nullable(),
  severity: z.enum(severities, { error: `severity must be one of ${severities.join(', ')}` }),
  enabled: z.boolean(),
};

export const createSurgeRuleInputSchema = z.strictObject({
  name: fields.name,
  demandMetric: fields.demandMetric,
  supplyMetric: fields.supplyMetric,
  groupBy: fields.groupBy.default([]),
  /** The window demand and supply are aggregated over. @defaultValue `5m` */
  window: fields.window.default('5m'),
  tiers: fields.tiers,
  /** Highest multiplier ever applied; null for the top tier's. @defaultValue null */
  cap: fields.cap.default(null),
  /** Minimum time at a multiplier before stepping down. @defaultValue 0 */
  holdSeconds: fields.holdSeconds.default(0),
  /** Minimum time between two changes of a group's multiplier. @defaultValue 0 */
  cooldownSeconds: fields.cooldownSeconds.default(0),
  /** The multiplier from which a surge should open an incident; null for never. @defaultValue null */
  incidentMultiplier: fields.incidentMultiplier.default(null),
  severity: fields.severity.default('warning'),
  enabled: fields.enabled.default(true),
});
export type CreateSurgeRuleInput = z.infer<typeof createSurgeRuleInputSchema>;

export const updateSurgeRuleInputSchema = z.strictObject({
  name: fields.name.optional(),
  demandMetric: fields.demandMetric.optional(),
  supplyMetric: fields.supplyMetric.optional(),
  groupBy: fields.groupBy.optional(),
  window: fields.window.optional(),
  tiers: fields.tiers.optional(),
  cap: fields.cap.optional(),
  holdSeconds: fields.holdSeconds.optional(),
  cooldownSeconds: fields.cooldownSeconds.optional(),
  incidentMultiplier: fields.incidentMultiplier.optional(),
  severity: fields.severity.optional(),
  enabled: fields.enabled.optional(),
});
export type UpdateSurgeRuleInput = z.infer<typeof updateSurgeRuleInputSchema>;

/** `GET /api/v1/surges`: the change history, newest first. */
export const surgeHistoryQuerySchema = z
  .strictObject({
    rule: surgeRuleIdSchema.optional(),
    from: isoInstant('from').optional(),
    to: isoInstant('to').optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'to must be after from',
  });
export type SurgeHistoryQuery = z.infer<typeof surgeHistoryQuerySchema>;

export const currentSurgesQuerySchema = z.strictObject({ rule: surgeRuleIdSchema.optional() });

/** Longest history one surge backtest replays: its steps are never longer than the rule's window. */
export const maxSurgeBacktestDays = 7;

/** `POST /api/v1/surge-rules/backtest`: a draft surge rule and the range to replay it over. */
export const surgeBacktestInputSchema = z
  .strictObject({
    rule: createSurgeRuleInputSchema,
    from: isoInstant('from'),
    to: isoInstant('to'),
  })
  .superRefine((input, ctx) => {
    const span = Date.parse(input.to) - Date.parse(input.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    if (span > maxSurgeBacktestDays * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `a surge backtest covers at most ${maxSurgeBacktestDays} days`,
      });
    }
  });
export type SurgeBacktestInput = z.infer<typeof surgeBacktestInputSchema>;
