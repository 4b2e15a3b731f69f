import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import * as channelsRoute from '../channels/route';
import * as policyRoute from './[id]/route';
import * as policiesRoute from './route';

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

describe('notification policies API', () => {
  it('a PATCH that changes nothing answers the policy as it is and writes neither it nor the audit log', async () => {
    const channel = await call(channelsRoute, {
      method: 'POST',
      body: { name: 'hook', type: 'webhook', config: { url: 'https://hooks.example.com/x' } },
    });
    const steps = [{ afterMinutes: 0, channelIds: [channel.body.id as string] }];
    const created = await call(policiesRoute, {
      method: 'POST',
      body: {
        name: 'on call',
        match: { severities: ['critical'], labels: { team: 'core' } },
        steps,
        repeatMinutes: 0.1,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const same = {
      name: 'on call',
      match: { labels: { team: 'core' }, severities: ['critical'] },
      steps,
      repeatMinutes: 0.1,
      enabled: true,
    };
    for (const body of [{}, same]) {
      expect(await call(policyRoute, { method: 'PATCH', params: { id }, body })).toEqual({
        status: 200,
        body: created.body,
      });
    }
    expect(await auditOf(id)).toEqual(['policy.create']);
    const changed = await call(policyRoute, { method: 'PATCH', params: { id }, body: { repeatMinutes: 60 } });
    expect(changed).toMatchObject({ status: 200, body: { repeatMinutes: 60 } });
    expect(await auditOf(id)).toEqual(['policy.create', 'policy.update']);
  });
});
