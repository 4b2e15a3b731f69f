import { describe, expect, it } from 'vitest';
import { adminApi } from '@/test/admin-api';
import * as metricRoute from './[name]/route';
import * as metricsRoute from './route';

const { call, auditOf } = adminApi();

describe('metrics API', () => {
  it('a PATCH that changes nothing answers the metric as it is and writes neither it nor the audit log', async () => {
    const created = await call(metricsRoute, {
      method: 'POST',
      body: {
        name: 'checkout_value',
        description: 'sum of checkouts',
        eventTypes: ['checkout'],
        aggregation: 'sum',
        valueField: 'value',
        dimensions: ['type', 'zone'],
        unit: 'EUR',
      },
    });
    expect(created.status).toBe(201);
    const name = 'checkout_value';
    const before = await call(metricRoute, { params: { name } });
    const same = {
      description: 'sum of checkouts',
      aggregation: 'sum',
      valueField: 'value',
      dimensions: ['type', 'zone'],
      ratioOf: null,
    };
    for (const body of [{}, same]) {
      expect(await call(metricRoute, { method: 'PATCH', params: { name }, body })).toEqual(before);
    }
    // A built-in metric's locked fields, sent as they are, change nothing either.
    const builtIn = await call(metricRoute, { params: { name: 'events' } });
    expect(
      await call(metricRoute, {
        method: 'PATCH',
        params: { name: 'events' },
        body: { aggregation: 'count' },
      }),
    ).toEqual(builtIn);
    expect(await auditOf(name)).toEqual(['metric.create']);
    expect(await auditOf('events')).toEqual([]);
    const changed = await call(metricRoute, { method: 'PATCH', params: { name }, body: { unit: 'USD' } });
    expect(changed).toMatchObject({ status: 200, body: { unit: 'USD' } });
    expect(await auditOf(name)).toEqual(['metric.create', 'metric.update']);
  });
});
