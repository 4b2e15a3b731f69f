import type { IncomingMessage, ServerResponse } from 'node:http';
import { findIngestKey } from '@/core/auth/ingest-keys';
import { recordIngest } from './observability/metrics';
import { UnauthorizedError, ValidationError } from '@/core/errors';
import { errorResponse } from './http';
import { runtime } from './runtime';
import { ingestEvents } from '@/core/services/events/ingest';
import { cloudEventField } from '@/core/services/events/cloudevents';
import type { Rejection } from '@/core/services/events/clean';
import { isCloudEventsBody, parseEventsBody, readBodyLimited } from '@/core/services/events/parse-body';

export type IngestRequest = {
  header: (name: string) => string | null | undefined;
  body: AsyncIterable<Uint8Array> | null;
  receivedAt: number;
};

/** An answer to an ingest request, before it becomes a fetch Response or is written to a Node response. */
type IngestAnswer = { status: number; headers: Record<string, string>; body: string };

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/**
 * `POST /api/v1/events`: authenticate the ingest key, parse and clean the events, enqueue one job.
 * Served by the route handler and, as the hot path, by the custom server before Next.js routing.
 */
export async function handleIngest(request: IngestRequest): Promise<Response> {
  const answer = await answerIngest(request);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * The custom server's hot path: the answer goes straight to Node's response. Building a fetch Response
 * and reading it back cost the web process about a tenth of its CPU per request.
 */
export async function serveIngest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const answer = await answerIngest({
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body: req,
    receivedAt: Date.now(),
  });
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

function renamed(rejected: Rejection[], rename: (field: string) => string): Rejection[] {
  return rejected.map((r) => ({ ...r, field: rename(r.field) }));
}

async function answerIngest(request: IngestRequest): Promise<IngestAnswer> {
  const started = performance.now();
  const { answer, accepted, rejected } = await ingestOutcome(request);
  recordIngest(answer.status, accepted, rejected, (performance.now() - started) / 1000);
  return answer;
}

async function ingestOutcome(
  request: IngestRequest,
): Promise<{ answer: IngestAnswer; accepted: number; rejected: number }> {
  // CloudEvents bodies name a rejected field as CloudEvents do (`time`, `data.value`).
  let rename: ((field: string) => string) | null = null;
  try {
    const auth = request.header('authorization');
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!bearer) throw new UnauthorizedError('send an ingest key as Authorization: Bearer <key>');
    const rt = runtime();
    const key = await findIngestKey(rt.db, bearer);
    if (!key) throw new UnauthorizedError('unknown or revoked ingest key');
    const text = await readBodyLimited(
      request.header('content-length'),
      request.body,
      undefined,
      request.header('content-encoding'),
    );
    const contentType = request.header('content-type') ?? null;
    if (isCloudEventsBody(contentType)) rename = cloudEventField;
    const raw = parseEventsBody(contentType, text);
    const result = await ingestEvents({
      ctx: {
        key,
        queue: rt.queues.ingest,
        redis: rt.redis,
        prefix: rt.env.PULSEBOARD_REDIS_PREFIX,
        defaultRateLimit: rt.env.PULSEBOARD_INGEST_RATE_LIMIT,
        maxBacklog: rt.env.PULSEBOARD_MAX_BACKLOG,
        waitReplicas: rt.env.PULSEBOARD_REDIS_WAIT_REPLICAS,
        maxBacklogBytes: rt.env.PULSEBOARD_MAX_BACKLOG_BYTES,
        maxSkewMs: rt.env.PULSEBOARD_MAX_CLOCK_SKEW_SECONDS * 1000,
        eventsRetentionDays: rt.env.PULSEBOARD_RETENTION_EVENTS_DAYS,
      },
      input: { events: raw, receivedAt: request.receivedAt, bodyChars: text.length },
    });
    if (rename) result.rejected = renamed(result.rejected, rename);
    const answer = { status: 202, headers: jsonHeaders, body: JSON.stringify(result) };
    return { answer, accepted: result.accepted, rejected: result.rejected.length };
  } catch (error) {
    if (error instanceof ValidationError && 'rejected' in error) {
      const rejected = rename ? renamed(error.rejected as Rejection[], rename) : error.rejected;
      const field = rename && error.field ? rename(error.field) : error.field;
      const body = { error: { code: error.code, message: error.message, field } };
      const answer = {
        status: 400,
        headers: jsonHeaders,
        body: JSON.stringify({ ...body, accepted: 0, rejected }),
      };
      return { answer, accepted: 0, rejected: (rejected as unknown[]).length };
    }
    const response = errorResponse(error);
    const answer = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    };
    return { answer, accepted: 0, rejected: 0 };
  }
}
