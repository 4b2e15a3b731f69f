import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@/core/auth/hashing';
import type { Role } from '@/contracts/roles';
import { closeRuntime } from '@/server/runtime';
import { builtInOverviewLayout } from '@/core/services/overview-layout/schemas';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import { seedMetrics, seedUsers } from '@/test/helpers/rules';
import * as layoutRoute from './route';
import * as teamRoute from './team/route';
import type { OverviewLayoutResponse } from '@/contracts/responses/overview-layout';

// The real handlers and services on a real PostgreSQL: one person's layout, the team default, the audit log.
let tdb: TestDatabase;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: testRedisPrefix(),
    PULSEBOARD_DEMO: 'off',
  });
  const actors = await seedUsers(tdb);
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    tokens[role] = `pbt_${role}_layout_token`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${actors[role].userId}, 'test', ${sha256(tokens[role])}, 'pbt_')`;
  }
  await seedMetrics(tdb, [{ name: 'checkout_errors' }]);
});
afterAll(async () => {
  await closeRuntime();
  await tdb.drop();
});

type H = RouteHandler<Record<string, string>>;
const call = (handler: unknown, options: RouteCallOptions<Record<string, string>>) =>
  callRoute(handler as H, tokens, options);
const read = async (role: Role) => {
  const { status, body } = await call(layoutRoute.GET, { role, path: 'overview-layout' });
  expect(status).toBe(200);
  return body as unknown as OverviewLayoutResponse;
};
const save = (role: Role, body: unknown) =>
  call(layoutRoute.PUT, { role, method: 'PUT', path: 'overview-layout', body });
const saveTeam = (role: Role, body: unknown) =>
  call(teamRoute.PUT, { role, method: 'PUT', path: 'overview-layout/team', body });
const auditRows = () =>
  tdb.sql<{ action: string; actor_email: string; changes: { after: unknown } }[]>`
    select action, actor_email, changes from audit_log where target_type = 'overview_layout' order by id`;

describe('overview layout API', () => {
  it('starts with the built-in layout for everyone, and needs a signed-in caller', async () => {
    expect((await call(layoutRoute.GET, { path: 'overview-layout' })).status).toBe(401);
    const viewer = await read('viewer');
    expect(viewer).toMatchObject({ ...builtInOverviewLayout, source: 'built-in' });
    expect(viewer.teamDefault.source).toBe('built-in');
  });

  it('saves a viewer’s own order, which no one else sees, and resets it to the default', async () => {
    const mine = { kpis: ['latency-p95', 'metric:checkout_errors'], charts: ['errors', 'events-by-type'] };
    const saved = await save('viewer', mine);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(await read('viewer')).toMatchObject({ ...mine, source: 'user', updatedBy: 'viewer@test' });
    expect((await read('operator')).source).toBe('built-in');
    // Saving again replaces, it does not add a second layout.
    const reordered = { kpis: ['metric:checkout_errors', 'latency-p95'], charts: ['events-by-type'] };
    expect((await save('viewer', reordered)).status).toBe(200);
    expect(await read('viewer')).toMatchObject(reordered);
    const [{ n } = { n: -1 }] = await tdb.sql<
      { n: number }[]
    >`select count(*)::int as n from overview_layouts`;
    expect(n).toBe(1);
    // A personal layout is a preference: no audit entry.
    expect(await auditRows()).toEqual([]);

    const reset = await call(layoutRoute.DELETE, {
      role: 'viewer',
      method: 'DELETE',
      path: 'overview-layout',
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ ...builtInOverviewLayout, source: 'built-in' });
  });

  it('refuses bad layouts with a 400 that names the field, and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ kpis: ['no-such-tile'], charts: [] }, 'kpis.0'],
      [{ kpis: [], charts: ['errors', 'errors'] }, 'charts.1'],
      [{ kpis: ['events-per-second'], charts: ['metric:not_in_catalogue'] }, 'charts.0'],
      [{ kpis: [] }, 'charts'],
      [{ kpis: [], charts: [], extra: true }, ''],
      [{ kpis: Array.from({ length: 17 }, (_, i) => `metric:m${i}`), charts: [] }, 'kpis'],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await save('operator', body);
      expect(status, JSON.stringify(body)).toBe(400);
      const error = (answer as { error: { code: string; field?: string; message: string } }).error;
      expect(error.code).toBe('validation_error');
      if (field) expect(error.field, error.message).toBe(field);
    }
    expect((await read('operator')).source).toBe('built-in');
  });

  it('lets only admins set the team default, which people without their own layout then see; audited', async () => {
    const team = { kpis: ['errors-per-second', 'events-per-second'], charts: ['latency-p95'] };
    expect((await saveTeam('viewer', team)).status).toBe(403);
    expect((await saveTeam('operator', team)).status).toBe(403);
    expect((await call(teamRoute.PUT, { method: 'PUT', body: team })).status).toBe(401);
    expect(await auditRows()).toEqual([]);

    const saved = await saveTeam('admin', team);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(await read('operator')).toMatchObject({ ...team, source: 'team', updatedBy: 'admin@test' });
    // The viewer's own layout wins over the team default; a reset brings the team default back.
    const mine = { kpis: ['active-types'], charts: [] };
    await save('viewer', mine);
    const viewer = await read('viewer');
    expect(viewer).toMatchObject({ ...mine, source: 'user' });
    expect(viewer.teamDefault).toMatchObject({ ...team, source: 'team' });
    await call(layoutRoute.DELETE, { role: 'viewer', method: 'DELETE', path: 'overview-layout' });
    expect(await read('viewer')).toMatchObject({ ...team, source: 'team' });

    const changed = { kpis: ['events-per-second'], charts: ['events-by-type', 'latency-p95'] };
    expect((await saveTeam('admin', changed)).status).toBe(200);
    expect(await read('operator')).toMatchObject(changed);
    const entries = await auditRows();
    expect(entries.map((e) => [e.action, e.actor_email])).toEqual([
      ['overview_layout.update_team_default', 'admin@test'],
      ['overview_layout.update_team_default', 'admin@test'],
    ]);
    expect(entries[1]?.changes).toEqual({ before: team, after: changed });
    // Still one team default.
    const [{ n } = { n: -1 }] = await tdb.sql<{ n: number }[]>`
      select count(*)::int as n from overview_layouts where user_id is null`;
    expect(n).toBe(1);
  });
});
