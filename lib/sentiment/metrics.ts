/**
 * The sentiment metrics of the catalogue, computed by the stream engine like any other metric from the
 * score each text gets on arrival (value fields `sentiment.score` and `sentiment.negative`, see
 * lib/metrics/definitions.ts). Stored by source and topic (`props.topic`), shown by source by default.
 */
export const sentimentMetricNames = {
  average: 'sentiment_score',
  negativeShare: 'sentiment_negative_share',
  volume: 'sentiment_volume',
} as const;

/** The dimensions every sentiment metric is stored by. */
export const sentimentDimensions = ['source', 'topic', 'type'];

export const sentimentMetrics = [
  {
    name: sentimentMetricNames.average,
    description: 'Average sentiment score of texts (−1 very negative … 1 very positive)',
    eventTypes: [],
    aggregation: 'avg' as const,
    valueField: 'sentiment.score',
    dimensions: sentimentDimensions,
    defaultGroupBy: ['source'],
    unit: 'score',
  },
  {
    name: sentimentMetricNames.negativeShare,
    description: 'Share of texts scored negative (0..1)',
    eventTypes: [],
    aggregation: 'avg' as const,
    valueField: 'sentiment.negative',
    dimensions: sentimentDimensions,
    defaultGroupBy: ['source'],
    unit: 'share',
  },
  {
    name: sentimentMetricNames.volume,
    description: 'Texts scored for sentiment',
    eventTypes: [],
    aggregation: 'count' as const,
    valueField: 'sentiment.score',
    dimensions: sentimentDimensions,
    defaultGroupBy: ['source'],
    unit: 'texts',
  },
];
