import { z } from 'zod';
import { isoInstant } from '@/core/validation';
import { isValidTimeZone } from '@/lib/alerting/time-zone';
import { weekDays } from '@/lib/alerting/types';
import { matchersSchema } from '@/core/services/silences/schemas';

export const maintenanceWindowIdSchema = z.uuid({ error: 'not a maintenance window id' }).toLowerCase();

export const recurrenceSchema = z.strictObject({
  days: z
    .array(z.enum(weekDays, { error: `days are ${weekDays.join(' ')}` }))
    .min(1, 'a recurrence needs at least one day')
    .refine((days) => new Set(days).size === days.length, 'each day once'),
  /** Local start time in the window's zone, HH:MM. */
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'start is a local time HH:MM'),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 1440, 'a window lasts at most a week'),
});

const fields = {
  name: z.string().trim().min(1, 'a window needs a name').max(200),
  timeZone: z.string().refine(isValidTimeZone, 'timeZone must be an IANA time zone, e.g. Europe/Berlin'),
  recurrence: recurrenceSchema.nullable(),
  startsAt: isoInstant('startsAt').nullable(),
  endsAt: isoInstant('endsAt').nullable(),
  matchers: matchersSchema,
  enabled: z.boolean(),
};

/** A window is either a weekly recurrence or one period from `startsAt` to `endsAt`. */
export function checkSchedule(
  w: { recurrence?: unknown; startsAt?: string | null; endsAt?: string | null },
  ctx: z.RefinementCtx,
) {
  const oneOff = w.startsAt != null || w.endsAt != null;
  if (!w.recurrence === !oneOff) {
    ctx.addIssue({
      code: 'custom',
      path: ['recurrence'],
      message: 'give a recurrence, or startsAt and endsAt',
    });
    return;
  }
  if (oneOff && (w.startsAt == null || w.endsAt == null)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'a one-off window needs startsAt and endsAt' });
  } else if (oneOff && Date.parse(w.endsAt!) <= Date.parse(w.startsAt!)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
  }
}

export const createMaintenanceWindowInputSchema = z
  .strictObject({
    name: fields.name,
    /** @defaultValue `UTC` */
    timeZone: fields.timeZone.default('UTC'),
    recurrence: fields.recurrence.default(null),
    startsAt: fields.startsAt.default(null),
    endsAt: fields.endsAt.default(null),
    /** No matchers: the window covers every rule. */
    matchers: fields.matchers.default({}),
    enabled: fields.enabled.default(true),
  })
  .superRefine(checkSchedule);
export type CreateMaintenanceWindowInput = z.infer<typeof createMaintenanceWindowInputSchema>;

export const updateMaintenanceWindowInputSchema = z.strictObject({
  name: fields.name.optional(),
  timeZone: fields.timeZone.optional(),
  recurrence: fields.recurrence.optional(),
  startsAt: fields.startsAt.optional(),
  endsAt: fields.endsAt.optional(),
  matchers: fields.matchers.optional(),
  enabled: fields.enabled.optional(),
});
export type UpdateMaintenanceWindowInput = z.infer<typeof updateMaintenanceWindowInputSchema>;
