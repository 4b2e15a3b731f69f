import { findIngestKey } from './auth/ingest-keys';
import { countIngest } from './observability/counters';
import { UnauthorizedError, ValidationError } from './errors';
import { errorResponse, json } from './http';
import { runtime } from './runtime';
import { ingestEvents } from './services/events/ingest';
import { parseEventsBody, readBodyLimited } from './services/events/parse-body';

export type IngestRequest = {
  header: (name: string) => string | null | undefined;
  body: AsyncIterable<Uint8Array> | null;
  receivedAt: number;
};

/**
 * `POST /api/v1/events`: authenticate the ingest key, parse and clean the events, enqueue one job.
 * Served by the route handler and, as the hot path, by the custom server before Next.js routing.
 */
export async function handleIngest(request: IngestRequest): Promise<Response> {
  const { response, accepted, rejected } = await answerIngest(request);
  countIngest(response.status, accepted, rejected);
  return response;
}

async function answerIngest(
  request: IngestRequest,
): Promise<{ response: Response; accepted: number; rejected: number }> {
  try {
    const auth = request.header('authorization');
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!bearer) throw new UnauthorizedError('send an ingest key as Authorization: Bearer <key>');
    const rt = runtime();
    const key = await findIngestKey(rt.db, bearer);
    if (!key) throw new UnauthorizedError('unknown or revoked ingest key');
    const text = await readBodyLimited(request.header('content-length'), request.body);
    const raw = parseEventsBody(request.header('content-type') ?? null, text);
    const result = await ingestEvents({
      ctx: {
        key,
        queue: rt.ingestQueue,
        redis: rt.redis,
        prefix: rt.env.PULSEBOARD_REDIS_PREFIX,
        defaultRateLimit: rt.env.PULSEBOARD_INGEST_RATE_LIMIT,
        maxBacklog: rt.env.PULSEBOARD_MAX_BACKLOG,
        maxSkewMs: rt.env.PULSEBOARD_MAX_CLOCK_SKEW_SECONDS * 1000,
      },
      input: { events: raw, receivedAt: request.receivedAt },
    });
    return { response: json(result, 202), accepted: result.accepted, rejected: result.rejected.length };
  } catch (error) {
    if (error instanceof ValidationError && 'rejected' in error) {
      const body = { error: { code: error.code, message: error.message, field: error.field } };
      const response = json({ ...body, accepted: 0, rejected: error.rejected }, 400);
      return { response, accepted: 0, rejected: (error.rejected as unknown[]).length };
    }
    return { response: errorResponse(error), accepted: 0, rejected: 0 };
  }
}
