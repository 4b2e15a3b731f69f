import { z } from 'zod';
import { isoInstant } from '@/core/validation';

const labelMap = z
  .record(z.string().min(1).max(64), z.string().max(200))
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 labels');

/** What a silence or maintenance window covers; every given matcher must hold. */
export const matchersSchema = z.strictObject({
  ruleId: z.uuid({ error: 'ruleId must be a rule id' }).toLowerCase().optional(),
  /** A subset of the rule's labels. */
  labels: labelMap.optional(),
  /** A subset of the series labels (the group-by values). */
  series: labelMap.optional(),
});

const hasMatcher = (m: z.infer<typeof matchersSchema>) =>
  m.ruleId !== undefined || Object.keys(m.labels ?? {}).length > 0 || Object.keys(m.series ?? {}).length > 0;

const silenceComment = z
  .string({ error: 'comment is required: say why the silence is there' })
  .trim()
  .min(1, 'comment is required: say why the silence is there')
  .max(1000, 'comment is at most 1,000 characters');

export const silenceIdSchema = z.uuid({ error: 'not a silence id' }).toLowerCase();

export const createSilenceInputSchema = z.strictObject({
  matchers: matchersSchema.refine(
    hasMatcher,
    'a silence needs at least one matcher: ruleId, labels or series',
  ),
  /** @defaultValue now */
  startsAt: isoInstant('startsAt').optional(),
  endsAt: isoInstant('endsAt'),
  /** Why: shown on every incident the silence holds back (required, as in Alertmanager). */
  comment: silenceComment,
});
export type CreateSilenceInput = z.infer<typeof createSilenceInputSchema>;

export const updateSilenceInputSchema = z.strictObject({
  matchers: createSilenceInputSchema.shape.matchers.optional(),
  startsAt: isoInstant('startsAt').optional(),
  endsAt: isoInstant('endsAt').optional(),
  comment: silenceComment.optional(),
});
export type UpdateSilenceInput = z.infer<typeof updateSilenceInputSchema>;

export const silenceStates = ['pending', 'active', 'expired'] as const;
export const listSilencesQuerySchema = z.strictObject({
  state: z.enum(silenceStates, { error: 'state must be pending, active or expired' }).optional(),
});
export type ListSilencesQuery = z.infer<typeof listSilencesQuerySchema>;
