import type { z } from 'zod';
import type { createMetricInputSchema } from '@/core/services/metrics/schemas';
import type { createRuleInputSchema } from '@/core/services/rules/schemas';
import type { createSurgeRuleInputSchema } from '@/core/services/surge-rules/schemas';

/**
 * What the demo seeds (PULSEBOARD_DEMO=on) so that its traffic (scripts/demo/generator.ts) shows the whole
 * loop: metrics → rules → incidents. Each item has a stable key the seed marker remembers, so an item a
 * person renamed, edited or deleted is never created again. The thresholds are set against the demo's
 * traffic: calm series stay clear, its injected incidents breach them.
 */
export type DemoItem =
  | { key: string; type: 'metric'; input: z.input<typeof createMetricInputSchema> }
  | { key: string; type: 'rule'; input: z.input<typeof createRuleInputSchema> }
  | { key: string; type: 'surge_rule'; input: z.input<typeof createSurgeRuleInputSchema> };

/**
 * In creation order: metrics before the rules that read them, and supply before demand, so the workers never
 * count ride requests without the drivers (a surge rule reads demand without supply as unbounded).
 */
export const demoItems: readonly DemoItem[] = [
  {
    key: 'metric:driver_supply',
    type: 'metric',
    input: {
      name: 'driver_supply',
      description: 'Available drivers per zone, as the driver app reports them (supply)',
      eventTypes: ['driver_available'],
      aggregation: 'avg',
      valueField: 'value',
      dimensions: ['zone'],
      defaultGroupBy: ['zone'],
      unit: 'drivers',
    },
  },
  {
    key: 'metric:ride_demand',
    type: 'metric',
    input: {
      name: 'ride_demand',
      description: 'Ride requests per zone (demand)',
      eventTypes: ['ride_request'],
      aggregation: 'count',
      dimensions: ['zone'],
      defaultGroupBy: ['zone'],
      unit: 'requests',
    },
  },
  {
    key: 'metric:support_ticket_sentiment',
    type: 'metric',
    input: {
      name: 'support_ticket_sentiment',
      description: 'Average sentiment of support tickets by topic (−1 … 1)',
      eventTypes: ['support_ticket'],
      aggregation: 'avg',
      valueField: 'sentiment.score',
      dimensions: ['topic'],
      unit: 'score',
    },
  },
  {
    key: 'rule:api_latency_p95',
    type: 'rule',
    input: {
      name: 'API p95 latency per endpoint',
      description:
        'An endpoint whose 95th percentile latency over 5 minutes, on at least 20 requests, stays above 2 s for 30 s; clears below 1 s.',
      kind: 'threshold',
      metric: 'api_latency_p95',
      groupBy: ['endpoint'],
      window: '5m',
      pendingSeconds: 30,
      severity: 'error',
      params: { op: '>', value: 2000, clearValue: 1000, minCount: 20 },
    },
  },
  {
    key: 'rule:api_error_rate',
    type: 'rule',
    input: {
      name: 'API error rate per endpoint',
      description:
        'More than 8% of an endpoint’s requests failing over 5 minutes, on at least 20 requests (one early failure of a quiet endpoint is no incident); clears below 3%.',
      kind: 'threshold',
      metric: 'api_error_rate',
      groupBy: ['endpoint'],
      window: '5m',
      pendingSeconds: 30,
      severity: 'error',
      params: { op: '>', value: 8, clearValue: 3, minCount: 20 },
    },
  },
  {
    key: 'rule:purchases_no_data',
    type: 'rule',
    input: {
      name: 'No purchases',
      description:
        'Not a single purchase for 2 minutes from a source that had them: checkout is probably down.',
      kind: 'no_data',
      metric: 'events',
      // By source, so only a source that has sent purchases is judged: not a fresh start's empty minutes.
      groupBy: ['source'],
      window: '5m',
      severity: 'critical',
      params: { eventType: 'purchase', for: 120 },
    },
  },
  {
    key: 'rule:ride_demand_anomaly',
    type: 'rule',
    input: {
      name: 'Unusual ride demand for the time of day',
      description:
        'A zone’s ride requests far above the same time on past days. Learns the daily rhythm first: ' +
        'it judges from the second day of traffic.',
      kind: 'anomaly',
      metric: 'ride_demand',
      groupBy: ['zone'],
      window: '5m',
      severity: 'warning',
      params: { sensitivity: 'low', seasonality: 'daily', direction: 'up' },
    },
  },
  {
    key: 'rule:support_sentiment',
    type: 'rule',
    input: {
      name: 'Support tickets turning angry',
      description:
        'The average sentiment of a topic’s tickets below −0.3 over 10 minutes (at least 30 tickets).',
      kind: 'sentiment',
      metric: 'support_ticket_sentiment',
      groupBy: ['topic'],
      window: '15m',
      severity: 'warning',
      params: {
        measure: 'average_score',
        op: '<',
        value: -0.3,
        clearValue: -0.15,
        minTexts: 30,
        windowMinutes: 10,
      },
    },
  },
  {
    key: 'surge_rule:rides',
    type: 'surge_rule',
    input: {
      name: 'Ride surge per zone',
      demandMetric: 'ride_demand',
      supplyMetric: 'driver_supply',
      groupBy: ['zone'],
      // Over 5 minutes a calm zone has about 5 requests per available driver.
      window: '5m',
      tiers: [
        { ratio: 7.5, multiplier: 1.25 },
        { ratio: 10, multiplier: 1.5 },
        { ratio: 15, multiplier: 2 },
      ],
      cap: 2,
      holdSeconds: 60,
      cooldownSeconds: 30,
      incidentMultiplier: 1.5,
      severity: 'warning',
    },
  },
];
