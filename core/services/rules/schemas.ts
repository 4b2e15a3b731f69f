import { z } from 'zod';
import { isoInstant } from '@/core/validation';
import { anomalyParamsSchema } from '@/lib/alerting/kinds/anomaly';
import { ruleKindNames, type RuleKindName } from '@/lib/alerting/kinds';
import { noDataParamsSchema } from '@/lib/alerting/kinds/no-data';
import { rateOfChangeParamsSchema } from '@/lib/alerting/kinds/rate-of-change';
import { sentimentParamsSchema } from '@/lib/alerting/kinds/sentiment';
import { thresholdParamsSchema } from '@/lib/alerting/kinds/threshold';
import { ruleWindows, severities } from '@/lib/alerting/types';
import { metricNameSchema } from '@/core/services/metrics/schemas';

export const ruleIdSchema = z.uuid({ error: 'not a rule id' }).toLowerCase();

const dimensionName = z
  .string()
  .regex(
    /^(type|source|user|[A-Za-z_][A-Za-z0-9_.-]{0,63})$/,
    'a dimension is type, source, user or a prop name',
  );

const labelsSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'label names use letters, digits, _ . -'),
    z.string().max(200, 'a label value is at most 200 characters'),
  )
  .refine((labels) => Object.keys(labels).length <= 20, 'at most 20 labels');

const ruleFields = {
  name: z.string().trim().min(1, 'a rule needs a name').max(200, 'name is at most 200 characters'),
  description: z.string().trim().max(2000, 'description is at most 2,000 characters'),
  metric: metricNameSchema,
  groupBy: z.array(dimensionName).max(6, 'at most 6 group-by dimensions'),
  window: z.enum(ruleWindows, { error: `window must be one of ${ruleWindows.join(' ')}` }),
  pendingSeconds: z.number().int().min(0).max(86_400, 'pendingSeconds is at most a day'),
  severity: z.enum(severities, { error: `severity must be one of ${severities.join(', ')}` }),
  labels: labelsSchema,
  runbookUrl: z
    .url({ protocol: /^https?$/, error: 'runbookUrl must be an http(s) URL' })
    .max(2000)
    .nullable(),
  channelIds: z.array(z.uuid().toLowerCase()).max(20, 'at most 20 channels'),
  policyId: z.uuid().toLowerCase().nullable(),
  notifyBudgetPerHour: z
    .number()
    .int('notifyBudgetPerHour is a whole number')
    .min(1, 'notifyBudgetPerHour is at least 1')
    .max(10_000)
    .nullable(),
  autoResolve: z.boolean(),
  enabled: z.boolean(),
};

const ruleBase = z.strictObject({
  name: ruleFields.name,
  description: ruleFields.description.default(''),
  metric: ruleFields.metric,
  groupBy: ruleFields.groupBy.default([]),
  /** The window the metric is aggregated over. @defaultValue `5m` */
  window: ruleFields.window.default('5m'),
  /** How long a breach must last before the rule fires. @defaultValue 0 */
  pendingSeconds: ruleFields.pendingSeconds.default(0),
  severity: ruleFields.severity.default('warning'),
  labels: ruleFields.labels.default({}),
  runbookUrl: ruleFields.runbookUrl.default(null),
  channelIds: ruleFields.channelIds.default([]),
  policyId: ruleFields.policyId.default(null),
  /** At most this many firing notices per hour per channel; null: no budget. @defaultValue null */
  notifyBudgetPerHour: ruleFields.notifyBudgetPerHour.default(null),
  /** Resolve the incident when the rule clears. @defaultValue true */
  autoResolve: ruleFields.autoResolve.default(true),
  enabled: ruleFields.enabled.default(true),
});

const variant = <K extends RuleKindName, S extends z.ZodType>(kind: K, params: S) =>
  ruleBase.extend({ kind: z.literal(kind), params });

/** A rule as created (and as a backtest takes a draft): the params' shape follows the kind. */
export const createRuleInputSchema = z.discriminatedUnion(
  'kind',
  [
    variant('threshold', thresholdParamsSchema),
    variant('rate_of_change', rateOfChangeParamsSchema),
    variant('no_data', noDataParamsSchema),
    variant('anomaly', anomalyParamsSchema),
    variant('sentiment', sentimentParamsSchema),
  ],
  { error: `kind must be one of ${ruleKindNames.join(', ')}` },
);
export type CreateRuleInput = z.infer<typeof createRuleInputSchema>;

/** Any subset of the fields; a changed kind needs its params. The merged rule is checked as a whole. */
export const updateRuleInputSchema = z.strictObject({
  name: ruleFields.name.optional(),
  description: ruleFields.description.optional(),
  metric: ruleFields.metric.optional(),
  groupBy: ruleFields.groupBy.optional(),
  window: ruleFields.window.optional(),
  pendingSeconds: ruleFields.pendingSeconds.optional(),
  severity: ruleFields.severity.optional(),
  labels: ruleFields.labels.optional(),
  runbookUrl: ruleFields.runbookUrl.optional(),
  channelIds: ruleFields.channelIds.optional(),
  policyId: ruleFields.policyId.optional(),
  notifyBudgetPerHour: ruleFields.notifyBudgetPerHour.optional(),
  autoResolve: ruleFields.autoResolve.optional(),
  enabled: ruleFields.enabled.optional(),
  kind: z.enum(ruleKindNames, { error: `kind must be one of ${ruleKindNames.join(', ')}` }).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateRuleInput = z.infer<typeof updateRuleInputSchema>;

/** Longest history one backtest replays (a week at a time, states carried across). */
export const maxBacktestDays = 92;

export const backtestInputSchema = z
  .strictObject({
    rule: createRuleInputSchema,
    from: isoInstant('from'),
    to: isoInstant('to'),
  })
  .superRefine((input, ctx) => {
    const span = Date.parse(input.to) - Date.parse(input.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    if (span > maxBacktestDays * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `a backtest covers at most ${maxBacktestDays} days`,
      });
    }
  });
export type BacktestInput = z.infer<typeof backtestInputSchema>;
