import { afterAll, beforeAll } from 'vitest';
import type { Role } from '@/contracts/roles';
import { createWorld, type HostileWorld } from '@/test/hostile/fixture';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';

/**
 * A test file's admin client of the API's route handlers, on a world of its own (test/hostile/fixture.ts)
 * made before the file's tests and closed after them: `call(route module, {method, params, body})`, and
 * the audit actions written about a target.
 */
export function adminApi() {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await createWorld();
  });
  afterAll(async () => {
    await world?.close();
  });
  const call = <P extends Record<string, string>>(
    handlers: { [method: string]: unknown },
    options: RouteCallOptions<P> & { method?: string },
  ) =>
    callRoute(
      handlers[options.method ?? 'GET'] as RouteHandler<P>,
      { admin: world.adminToken } as Record<Role, string>,
      { role: 'admin', ...options },
    );
  const auditOf = async (id: string) =>
    (
      await world.tdb.sql<
        { action: string }[]
      >`select action from audit_log where target_id = ${id} order by id`
    ).map((a) => a.action);
  return { call, auditOf, sql: () => world.tdb.sql };
}
