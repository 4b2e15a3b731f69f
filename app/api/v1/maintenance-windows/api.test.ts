import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import * as windowRoute from './[id]/route';
import * as windowsRoute from './route';

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

describe('maintenance windows API', () => {
  it('a PATCH that changes nothing answers the window as it is and writes neither it nor the audit log', async () => {
    const created = await call(windowsRoute, {
      method: 'POST',
      body: {
        name: 'nightly',
        timeZone: 'Europe/Paris',
        recurrence: { days: ['mon', 'tue'], start: '02:00', durationMinutes: 60 },
        matchers: { labels: { team: 'core' } },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const same = {
      name: 'nightly',
      recurrence: { durationMinutes: 60, start: '02:00', days: ['mon', 'tue'] },
      startsAt: null,
      endsAt: null,
      enabled: true,
    };
    for (const body of [{}, same]) {
      expect(await call(windowRoute, { method: 'PATCH', params: { id }, body })).toEqual({
        status: 200,
        body: created.body,
      });
    }
    expect(await auditOf(id)).toEqual(['maintenance_window.create']);
    const changed = await call(windowRoute, { method: 'PATCH', params: { id }, body: { enabled: false } });
    expect(changed).toMatchObject({ status: 200, body: { enabled: false } });
    expect(await auditOf(id)).toEqual(['maintenance_window.create', 'maintenance_window.update']);
  });
});
