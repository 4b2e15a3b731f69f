import { z } from 'zod';
import { commonEnvShape, parseEnvOrExit } from '@/lib/env-common';

export const workerEnvSchema = z.object({
  ...commonEnvShape,
  /** Ingest jobs processed at once by one worker process (they are flushed together). @defaultValue 64 */
  PULSEBOARD_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  /** Longest wait before a partly filled ingest batch is written, in ms. @defaultValue 20 */
  PULSEBOARD_FLUSH_MS: z.coerce.number().int().min(0).max(5000).default(20),
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function workerEnv(): WorkerEnv {
  return parseEnvOrExit(workerEnvSchema, process.env);
}
