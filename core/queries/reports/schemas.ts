import { z } from 'zod';
import { isoInstant } from '@/core/validation';

/** True when both the browser and PostgreSQL will know the zone (IANA names such as `Europe/Paris`). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const incidentReportQuerySchema = z.strictObject({
  /** Incidents opened at or after this instant. */
  from: isoInstant('from'),
  /** Incidents opened before this instant. */
  to: isoInstant('to'),
  /** The zone whose calendar days the per-day counts follow. @defaultValue `UTC` */
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, { error: 'tz must be an IANA time zone, e.g. Europe/Paris' })
    .default('UTC'),
  /** Rows in each noisiest-rules list. @defaultValue 10 */
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type IncidentReportQuery = z.infer<typeof incidentReportQuerySchema>;
