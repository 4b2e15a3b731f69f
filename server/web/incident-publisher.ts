import type { z } from 'zod';
import { parseJsonBody } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { redisIncidentPublisher, type IncidentPublisher } from '@/core/services/incidents/publish';
import { framePublisher, pubsubMode } from '@/lib/pubsub';

/** The web process's publisher: incidents changed through the API reach every socket like the engine's. */
export function incidentPublisher(): IncidentPublisher {
  const rt = runtime();
  const prefix = rt.env.PULSEBOARD_REDIS_PREFIX;
  return redisIncidentPublisher(framePublisher(rt.redis, { prefix, mode: pubsubMode(rt.env) }), prefix);
}

/** A body that may be left out entirely (acknowledge and resolve take an optional note). */
export async function optionalJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<z.infer<T>> {
  if (!request.body || request.headers.get('content-length') === '0') return parseWith(schema, {});
  return parseJsonBody(request, schema);
}
