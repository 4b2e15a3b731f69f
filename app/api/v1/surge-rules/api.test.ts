import { describe, expect, it } from 'vitest';
import { adminApi } from '@/test/admin-api';
import * as surgeRuleRoute from './[id]/route';
import * as surgeRulesRoute from './route';

const { call, auditOf } = adminApi();

describe('surge rules API', () => {
  it('a PATCH that changes nothing answers the surge rule as it is and writes neither it nor the audit log', async () => {
    const created = await call(surgeRulesRoute, {
      method: 'POST',
      body: {
        name: 'downtown',
        demandMetric: 'events',
        supplyMetric: 'events',
        tiers: [{ ratio: 1.5, multiplier: 1.2 }],
        cap: 3,
        holdSeconds: 60,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const same = { name: 'downtown', tiers: [{ multiplier: 1.2, ratio: 1.5 }], cap: 3, enabled: true };
    for (const body of [{}, same]) {
      expect(await call(surgeRuleRoute, { method: 'PATCH', params: { id }, body })).toEqual({
        status: 200,
        body: created.body,
      });
    }
    expect(await auditOf(id)).toEqual(['surge_rule.create']);
    const changed = await call(surgeRuleRoute, {
      method: 'PATCH',
      params: { id },
      body: { holdSeconds: 30 },
    });
    expect(changed).toMatchObject({ status: 200, body: { holdSeconds: 30 } });
    expect(await auditOf(id)).toEqual(['surge_rule.create', 'surge_rule.update']);
  });
});
