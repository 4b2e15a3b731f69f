import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@/server/errors';
import { ingestLimits } from './schemas';

/** Reads the request body up to the limit, without trusting Content-Length alone. */
export async function readBodyLimited(request: Request, limit = ingestLimits.maxBodyBytes): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new PayloadTooLargeError(`request body is over ${limit} bytes`);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(`request body is over ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Turns a JSON (single event or `{events:[...]}`) or NDJSON body into a list of raw events. */
export function parseEventsBody(contentType: string | null, body: string): unknown[] {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let items: unknown[];
  if (mediaType === 'application/x-ndjson' || mediaType === 'application/ndjson') {
    items = [];
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]?.trim();
      if (!line) continue;
      try {
        items.push(JSON.parse(line) as unknown);
      } catch {
        throw new ValidationError(`line ${i + 1} is not valid JSON`, 'body');
      }
      if (items.length > ingestLimits.maxEvents) break;
    }
  } else if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ValidationError('body is not valid JSON', 'body');
    }
    if (Array.isArray(parsed)) items = parsed;
    else if (parsed !== null && typeof parsed === 'object' && 'events' in parsed) {
      const list = parsed.events;
      if (!Array.isArray(list)) throw new ValidationError('events must be an array', 'events');
      items = list;
    } else items = [parsed];
  } else {
    throw new UnsupportedMediaTypeError('send application/json or application/x-ndjson');
  }
  if (items.length > ingestLimits.maxEvents) {
    throw new PayloadTooLargeError(`at most ${ingestLimits.maxEvents} events per request`);
  }
  if (items.length === 0) throw new ValidationError('no events in the body', 'events');
  return items;
}
