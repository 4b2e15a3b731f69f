import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import * as surgeRuleRoute from './[id]/route';
import * as surgeRulesRoute from './route';

let world: HostileWorld;
const call = <P extends Record<string, string>>(
  h: { [m: string]: unknown },
  o: RouteCallOptions<P> & { method?: string },
) =>
  callRoute(h[o.method ?? 'GET'] as RouteHandler<P>, { admin: world.adminToken } as Record<Role, string>, {
    role: 'admin',
    ...o,
  });
const auditOf = async (id: string) =>
  (
    await world.tdb.sql<
      { action: string }[]
    >`select action from audit_log where target_id = ${id} order by id`
  ).map((a) => a.action);

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

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
