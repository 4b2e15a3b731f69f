import type { CleanEvent } from '@/contracts/jobs';
import { unstorableReason } from '@/lib/validation/storable-text';
import { parseEventFast } from './fast-event';
import { InvalidCloudEvent } from './cloudevents';
import { holdsOnlyStorableText } from './parse-body';
import { eventInputSchema, ingestLimits, parseIsoTimestamp, shownName, type EventInput } from './schemas';

export type Rejection = { index: number; field: string; message: string };
export type CleanResult = { events: CleanEvent[]; rejected: Rejection[] };

export type CleanOptions = {
  /** The ingest key's source; an event naming another source is rejected. */
  source: string;
  /** Arrival time, epoch ms: the default `ts`. */
  receivedAt: number;
  /** How far ahead of the server's clock a `ts` may be, in ms. */
  maxSkewMs: number;
  /**
   * Days raw events are kept (PULSEBOARD_RETENTION_EVENTS_DAYS): an older `ts` is refused, even from a
   * backfill key, since retention would delete the event the 202 promised to keep.
   */
  eventsRetentionDays: number;
};

/** Validates and normalises each event on its own, so one bad event never rejects its neighbours. */
export function cleanEvents(raw: readonly unknown[], options: CleanOptions): CleanResult {
  const events: CleanEvent[] = [];
  const rejected: Rejection[] = [];
  const checkText = !holdsOnlyStorableText(raw);
  raw.forEach((item, index) => {
    const outcome = cleanEvent(item, options, checkText);
    if ('field' in outcome) rejected.push({ index, ...outcome });
    else events.push(outcome);
  });
  return { events, rejected };
}

/** The schema's output, or the first issue as a rejection; the fast path handles the common valid event. */
function parseEvent(item: unknown): EventInput | { field: string; message: string } {
  if (item instanceof InvalidCloudEvent) return { field: item.field, message: item.message };
  const fast = parseEventFast(item);
  if (fast) return fast;
  const parsed = eventInputSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) return { field: 'event', message: 'invalid event' };
    if (issue.code === 'unrecognized_keys') {
      return {
        field: shownName(issue.keys[0] ?? 'event'),
        message: 'unknown field; put dimensions in props',
      };
    }
    const field = issue.path.map((part) => shownName(String(part))).join('.') || 'event';
    return { field, message: issue.message };
  }
  return parsed.data;
}

function cleanEvent(
  item: unknown,
  options: CleanOptions,
  checkText: boolean,
): CleanEvent | { field: string; message: string } {
  const input = parseEvent(item);
  if ('field' in input) return input;
  const unstorable = checkText ? unstorableField(input) : null;
  if (unstorable) return unstorable;
  if (input.source !== undefined && input.source !== options.source) {
    return { field: 'source', message: `this ingest key sends for source "${options.source}" only` };
  }
  let ts = options.receivedAt;
  if (typeof input.ts === 'string') ts = parseIsoTimestamp(input.ts.trim());
  else if (typeof input.ts === 'number') ts = Number.isFinite(input.ts) ? Math.trunc(input.ts) : Number.NaN;
  if (Number.isNaN(ts) || ts < 0) {
    return { field: 'ts', message: 'ts must be a valid ISO-8601 date-time or epoch milliseconds after 1970' };
  }
  if (ts > options.receivedAt + options.maxSkewMs) {
    return {
      field: 'ts',
      message: `ts is more than ${Math.round(options.maxSkewMs / 1000)} s in the future`,
    };
  }
  const horizon = options.receivedAt - options.eventsRetentionDays * 86_400_000;
  if (ts < horizon) {
    return {
      field: 'ts',
      message:
        `ts is older than the ${options.eventsRetentionDays}-day events retention ` +
        `(before ${new Date(horizon).toISOString()}): it would be deleted, so it is not accepted`,
    };
  }
  const event: CleanEvent = { id: input.id, type: input.type, ts };
  if (input.dedupKey !== undefined) event.dedupKey = input.dedupKey;
  if (input.user !== undefined) event.user = input.user;
  if (input.value !== undefined) event.value = input.value === 0 ? 0 : input.value; // folds -0 into 0
  if (input.text !== undefined && input.text !== '') event.text = input.text;
  if (input.props !== undefined && Object.keys(input.props).length > 0) event.props = input.props;
  if (approximateSize(event) > ingestLimits.maxEventBytes) {
    return { field: 'event', message: `an event may be at most ${ingestLimits.maxEventBytes} bytes` };
  }
  return event;
}

/** A field's complaint when its text cannot be stored as sent, or null. */
function unstorable(field: string, value: string | undefined): { field: string; message: string } | null {
  const reason = value === undefined ? null : unstorableReason(value);
  return reason ? { field, message: `${field} ${reason}` } : null;
}

/**
 * NUL fails the worker's COPY (and with it the whole batch); a lone surrogate would be stored as U+FFFD.
 * Checked here, after the fast path and the schema alike; hot path, so no allocation for clean text.
 */
function unstorableField(input: EventInput): { field: string; message: string } | null {
  const found =
    unstorable('id', input.id) ??
    unstorable('type', input.type) ??
    unstorable('dedupKey', input.dedupKey) ??
    unstorable('user', input.user) ??
    unstorable('text', input.text) ??
    unstorable('source', input.source);
  if (found || !input.props) return found;
  for (const name in input.props) {
    const value = input.props[name];
    // The field name is built only for a complaint: this loop runs for every prop of every event.
    if (unstorableReason(name) || (typeof value === 'string' && unstorableReason(value)))
      return unstorable(`props.${name}`, unstorableReason(name) ? name : (value as string));
  }
  return null;
}

function approximateSize(event: CleanEvent): number {
  let size = event.id.length + event.type.length + (event.text?.length ?? 0) + (event.user?.length ?? 0);
  if (event.props) for (const [k, v] of Object.entries(event.props)) size += k.length + String(v).length;
  return size;
}
