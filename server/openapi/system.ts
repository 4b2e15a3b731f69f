import { z } from 'zod';
import { errorSchema, type Same } from '@/server/openapi-components';
import type { PipelineHealth } from '../system/pipeline';

/** The system part of /api/v1/openapi.json. */

const pipelineSchema = z.object({
  at: z.string(),
  web: z.object({
    startedAt: z.string(),
    accepted: z.number(),
    rejected: z.number(),
    requests: z.record(z.string(), z.number()),
  }),
  recent: z.object({
    windowSeconds: z.number(),
    accepted: z.number(),
    processed: z.number(),
    stored: z.number(),
    duplicates: z.number(),
    late: z.number(),
  }),
  queues: z.array(
    z.object({
      name: z.string(),
      waiting: z.number(),
      active: z.number(),
      delayed: z.number(),
      failed: z.number(),
      oldestWaitingMs: z.number().nullable(),
    }),
  ),
  workers: z.array(z.object({ id: z.string(), lastBeatMs: z.number() })),
  database: z.object({ commitMs: z.number().nullable(), newestPointMs: z.number().nullable() }),
  notifications: z.object({ failedLastHour: z.number(), deadLastHour: z.number(), pending: z.number() }),
  redis: z.object({ ok: z.boolean(), error: z.string().optional() }),
});

// The documented shape must stay the one the handler returns: a drift is a compile error here.
const shapesMatch: Same<z.infer<typeof pipelineSchema>, PipelineHealth> = true;
void shapesMatch;

export const systemOperations = [
  {
    method: 'get' as const,
    path: '/api/v1/system/pipeline',
    summary:
      'Pipeline health (operators and admins): ingest counters, queues, worker heartbeats, database, deliveries',
    auth: 'session' as const,
    responses: { 200: pipelineSchema, 401: errorSchema, 403: errorSchema },
  },
];
