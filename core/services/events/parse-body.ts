import { Readable } from 'node:stream';
import { gunzip } from 'node:zlib';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@/core/errors';
import { cloudEventsMediaTypes, fromCloudEvent } from './cloudevents';
import { ingestLimits, shownName } from './schemas';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a body up to the limit, without trusting Content-Length alone. Takes any async iterable of
 * chunks: a fetch Request's body or a Node IncomingMessage. Bytes that are not UTF-8 are refused rather
 * than stored as U+FFFD. A gzip body (`Content-Encoding: gzip`) is held to the limit before and after
 * inflating: the inflater stops at the limit, so a small bomb never grows past it.
 */
export async function readBodyLimited(
  contentLength: string | null | undefined,
  body: AsyncIterable<Uint8Array> | null,
  limit: number = ingestLimits.maxBodyBytes,
  contentEncoding?: string | null,
): Promise<string> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  const gzipped = encoding === 'gzip' || encoding === 'x-gzip';
  if (!gzipped && encoding !== '' && encoding !== 'identity') {
    throw new UnsupportedMediaTypeError('send the body as it is or with Content-Encoding: gzip');
  }
  const decode = gzipped ? (chunks: Uint8Array[]) => gunzipLimited(chunks, limit) : decodeUtf8;
  if (Number(contentLength ?? '0') > limit)
    throw new PayloadTooLargeError(`request body is over ${limit} bytes`);
  if (!body) return '';
  if (body instanceof Readable) return readStream(body, limit, decode);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) throw new PayloadTooLargeError(`request body is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return decode(chunks);
}

function decodeUtf8(chunks: Uint8Array[]): string {
  try {
    return utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } catch {
    throw new ValidationError('body is not valid UTF-8', 'body');
  }
}

/** Inflates a gzip body, stopping past `limit` bytes of output (413) rather than inflating the rest. */
function gunzipLimited(chunks: Uint8Array[], limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    gunzip(Buffer.concat(chunks), { maxOutputLength: limit }, (error, inflated) => {
      if (!error) {
        try {
          resolve(decodeUtf8([inflated]));
        } catch (decodeError) {
          reject(decodeError instanceof Error ? decodeError : new Error(String(decodeError)));
        }
      } else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        reject(new PayloadTooLargeError(`request body is over ${limit} bytes once inflated`));
      } else {
        reject(new ValidationError('body is not valid gzip', 'body'));
      }
    });
  });
}

/**
 * A Node request body read through its events: its async iterator cost the custom server's ingest path a
 * few per cent of its CPU. Past the limit the stream is destroyed, as leaving the iterator early does.
 */
function readStream(
  stream: Readable,
  limit: number,
  decode: (chunks: Uint8Array[]) => string | Promise<string>,
): Promise<string> {
  // The client may have gone while the ingest key was looked up: 'close' has fired and 'end' never will.
  if (stream.destroyed && !stream.readableEnded) {
    return Promise.reject(new ValidationError('the request body ended early', 'body'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limit) {
        stream.off('data', onData);
        stream.destroy();
        reject(new PayloadTooLargeError(`request body is over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => {
      try {
        resolve(decode(chunks));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    stream.once('error', reject);
    // Before 'end', the client went away. (After it, an error built here would only be thrown away: building
    // one on every request cost the ingest path about 1% of the web process's CPU.)
    stream.once('close', () => {
      if (!stream.readableEnded) reject(new ValidationError('the request body ended early', 'body'));
    });
  });
}

/**
 * Lists parsed from a body without a `\u0000` or surrogate escape: UTF-8 text cannot carry NUL inside a
 * JSON string nor a lone surrogate, so no string in them needs checking (clean.ts skips the per-event
 * look, on the hot path). A list not in the set is checked event by event.
 */
const storableLists = new WeakSet<readonly unknown[]>();
const unstorableEscape = /\\u(?:0000|[dD][89a-fA-F])/;

export function holdsOnlyStorableText(list: readonly unknown[]): boolean {
  return storableLists.has(list);
}

/** Whether a body of this content type holds CloudEvents (their rejections are named in CloudEvents terms). */
export function isCloudEventsBody(contentType: string | null): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === cloudEventsMediaTypes.structured || mediaType === cloudEventsMediaTypes.batch;
}

/**
 * Turns a JSON (single event or `{events:[...]}`), NDJSON or CloudEvents JSON (structured or batched) body
 * into a list of raw events. A CloudEvent that cannot be mapped stays in the list as an InvalidCloudEvent,
 * for cleanEvents to reject at its index.
 */
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
      // A key beside `events` (a `source` for all, a misspelt option) would otherwise be dropped unseen.
      const extra = Object.keys(parsed).find((key) => key !== 'events');
      if (extra !== undefined)
        throw new ValidationError(
          'unknown field beside events; the body is {"events":[...]} and each event carries its own fields',
          shownName(extra),
        );
      items = list;
    } else items = [parsed];
  } else if (mediaType === cloudEventsMediaTypes.structured || mediaType === cloudEventsMediaTypes.batch) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ValidationError('body is not valid JSON', 'body');
    }
    if (mediaType === cloudEventsMediaTypes.batch && !Array.isArray(parsed)) {
      throw new ValidationError('a CloudEvents batch must be a JSON array', 'body');
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (list.length > ingestLimits.maxEvents) {
      throw new PayloadTooLargeError(`at most ${ingestLimits.maxEvents} events per request`);
    }
    items = list.map(fromCloudEvent);
  } else {
    throw new UnsupportedMediaTypeError(
      'send application/json, application/x-ndjson, application/cloudevents+json or application/cloudevents-batch+json',
    );
  }
  if (items.length > ingestLimits.maxEvents) {
    throw new PayloadTooLargeError(`at most ${ingestLimits.maxEvents} events per request`);
  }
  if (items.length === 0) throw new ValidationError('no events in the body', 'events');
  if (!body.includes('\\u') || !unstorableEscape.test(body)) storableLists.add(items);
  return items;
}
