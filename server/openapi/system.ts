import { errorSchema } from '@/contracts/responses/common';
import { pipelineHealthSchema } from '@/contracts/responses/system';

/** The system part of /api/v1/openapi.json. */

export const systemOperations = [
  {
    method: 'get' as const,
    path: '/api/v1/system/pipeline',
    summary:
      'Pipeline health (operators and admins): ingest counters, queues, worker heartbeats, database, deliveries',
    auth: 'session' as const,
    responses: { 200: pipelineHealthSchema, 401: errorSchema, 403: errorSchema },
  },
];
