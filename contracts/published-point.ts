import type { Aggregation, PointState } from '@/lib/metrics/definitions';

/**
 * A 1-second point as the workers publish it on Redis after each flush: the bucket's whole state so far,
 * with the metric's aggregation, so a web process merges coarser groupings without a catalogue of its own.
 */
export type PublishedPoint = {
  metric: string;
  aggregation: Aggregation;
  groupKey: string;
  bucket: number;
  state: PointState;
};

/**
 * Its wire form, one JSON array per point: metric, aggregation, group key, bucket (epoch ms), count, sum,
 * min, max, then the base64 sketches (DDSketch, HyperLogLog, top-k) when the aggregation keeps one.
 */
export type PublishedPointWire = [
  string,
  Aggregation,
  string,
  number,
  number,
  number,
  number | null,
  number | null,
  (string | null)?,
  (string | null)?,
  (string | null)?,
];
