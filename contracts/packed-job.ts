import type { CleanEvent, IngestBatchJob, IngestRequestsJob } from '@/contracts/jobs';

type Column = 'dedupKey' | 'user' | 'value' | 'text' | 'props';
const columns: readonly Column[] = ['dedupKey', 'user', 'value', 'text', 'props'];

/**
 * Packs requests into one `requests` job: columns instead of an object per event, so Redis holds, BullMQ
 * parses and the worker walks one compact payload, with no key repeated per event.
 */
export function packIngestJobs(jobs: readonly IngestBatchJob[]): IngestRequestsJob {
  const packed: IngestRequestsJob = { requests: [], id: [], type: [], ts: [] };
  const optional: Partial<Record<Column, unknown[]>> = {};
  let n = 0;
  // A column starts with the first event that has the field: nulls for the events before it.
  const put = (column: Column, value: unknown) => {
    if (value !== undefined) (optional[column] ??= new Array<unknown>(n).fill(null)).push(value);
    else optional[column]?.push(null);
  };
  for (const job of jobs) {
    packed.requests.push([job.source, job.keyId, job.backfill, job.receivedAt, job.events.length]);
    for (const event of job.events) {
      packed.id.push(event.id);
      packed.type.push(event.type);
      packed.ts.push(event.ts);
      put('dedupKey', event.dedupKey);
      put('user', event.user);
      put('value', event.value);
      put('text', event.text);
      put('props', event.props);
      n++;
    }
  }
  return Object.assign(packed, optional);
}

/**
 * The requests of a `requests` job, each as the `batch` job it replaces, or null when the payload is not
 * one (the worker then fails it for good). One object of one shape per event, built straight from the
 * columns: the shape the store and the metrics read, the same for every event.
 */
export function unpackIngestJob(data: unknown): IngestBatchJob[] | null {
  const d = data as Partial<IngestRequestsJob> | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.requests)) return null;
  const { id, type, ts } = d;
  if (!Array.isArray(id) || !Array.isArray(type) || !Array.isArray(ts)) return null;
  const n = id.length;
  if (type.length !== n || ts.length !== n) return null;
  for (const column of columns) {
    const values = d[column];
    if (values !== undefined && (!Array.isArray(values) || values.length !== n)) return null;
  }
  const { dedupKey, user, value, text, props } = d;
  const jobs: IngestBatchJob[] = [];
  let i = 0;
  for (const request of d.requests) {
    if (!Array.isArray(request)) return null;
    const [source, keyId, backfill, receivedAt, count] = request;
    if (
      typeof source !== 'string' ||
      typeof keyId !== 'string' ||
      typeof backfill !== 'boolean' ||
      typeof receivedAt !== 'number' ||
      !Number.isInteger(count) ||
      count < 0 ||
      i + count > n
    )
      return null;
    const events = new Array<CleanEvent>(count);
    for (let k = 0; k < count; k++, i++) {
      const eventId = id[i];
      const eventType = type[i];
      const eventTs = ts[i];
      if (typeof eventId !== 'string' || typeof eventType !== 'string' || typeof eventTs !== 'number')
        return null;
      events[k] = {
        id: eventId,
        type: eventType,
        ts: eventTs,
        dedupKey: dedupKey?.[i] ?? undefined,
        user: user?.[i] ?? undefined,
        value: value?.[i] ?? undefined,
        text: text?.[i] ?? undefined,
        props: props?.[i] ?? undefined,
      };
    }
    jobs.push({ source, keyId, backfill, receivedAt, events });
  }
  return i === n ? jobs : null;
}
