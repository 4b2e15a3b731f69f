/** Every aggregation a metric may use; the database enum and the API schemas are built from this list. */
export const aggregations = [
  'count',
  'rate',
  'sum',
  'avg',
  'min',
  'max',
  'p50',
  'p90',
  'p95',
  'p99',
  'distinct',
  'topk',
] as const;
export type Aggregation = (typeof aggregations)[number];
