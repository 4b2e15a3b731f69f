import { describe, expect, it } from 'vitest';
import type { IngestBatchJob } from '@/contracts/jobs';
import { packIngestJobs, unpackIngestJob } from './packed-job';

const request = (events: IngestBatchJob['events'], extra: Partial<IngestBatchJob> = {}): IngestBatchJob => ({
  source: 'shop',
  keyId: 'k',
  backfill: false,
  receivedAt: 1_000,
  events,
  ...extra,
});

describe('packed ingest jobs', () => {
  it('round-trips requests through JSON with every field, empty strings and zeros kept', () => {
    const requests = [
      request([{ id: 'a', type: 't', ts: 1 }]),
      request([], { source: 'app', keyId: 'k2', backfill: true, receivedAt: 2_000 }),
      request(
        [
          { id: 'b', type: 'u', ts: 2, dedupKey: '', user: 'x', value: 0, text: 'hi', props: { p: false } },
          { id: 'c', type: 'u', ts: 3, value: -1.5 },
        ],
        { receivedAt: 3_000 },
      ),
    ];
    const packed = JSON.parse(JSON.stringify(packIngestJobs(requests))) as unknown;
    expect(packed).toMatchObject({ value: [null, 0, -1.5], text: [null, 'hi', null] });
    const unpacked = unpackIngestJob(packed);
    // Absent fields come back undefined, which toEqual treats as absent.
    expect(unpacked).toEqual(requests);
  });

  it('answers null for a payload that is not a packed job', () => {
    const packed = packIngestJobs([request([{ id: 'a', type: 't', ts: 1 }])]);
    expect(unpackIngestJob(null)).toBeNull();
    expect(unpackIngestJob({ ...packed, ts: ['1'] })).toBeNull();
    expect(unpackIngestJob({ ...packed, user: [] })).toBeNull();
    expect(unpackIngestJob({ ...packed, requests: [['shop', 'k', false, 1, 2]] })).toBeNull();
    expect(unpackIngestJob({ ...packed, requests: [] })).toBeNull();
    expect(unpackIngestJob({ ...packed, requests: [['shop', 'k', 'no', 1, 1]] })).toBeNull();
    // A count that is not a whole number is refused, not thrown from `new Array(count)` (the job would retry).
    expect(unpackIngestJob({ ...packed, requests: [['shop', 'k', false, 1, 0.5]] })).toBeNull();
    expect(unpackIngestJob({ ...packed, requests: [['shop', 'k', false, 1, Number.NaN]] })).toBeNull();
  });
});
