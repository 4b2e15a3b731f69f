import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import { sha256 } from '@/core/auth/hashing';
import { closeRuntime } from '@/server/runtime';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { callRoute, type RouteCallOptions, type RouteHandler } from '@/test/route-call';
import { seedMetrics, seedUsers } from '@/test/helpers/rules';
import * as reportRoute from './incidents/route';

let tdb: TestDatabase;
const tokens = {} as Record<Role, string>;
const ruleIds: Record<'errors' | 'latency', string> = { errors: '', latency: '' };

async function insertIncident(
  ruleId: string | null,
  ruleName: string,
  n: number,
  openedAt: string,
  severity: string,
  reopened = 0,
) {
  await tdb.sql`insert into incidents (rule_id, rule_name, series_key, series, status, severity, title, opened_at,
      dedup_key, reopened_count)
    values (${ruleId}, ${ruleName}, ${`{"n":"${n}"}`}, '{}', 'triggered', ${severity}, 't', ${openedAt},
      ${`report-${n}`}, ${reopened})`;
}

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
    tokens[role] = `pbt_${role}_reports_token`;
    await tdb.sql`insert into api_tokens (user_id, name, token_hash, prefix)
      values (${actors[role].userId}, 'test', ${sha256(tokens[role])}, 'pbt_')`;
  }
  await seedMetrics(tdb, [{ name: 'api_errors', eventTypes: ['api_error'] }]);
  for (const [key, name] of [
    ['errors', 'API errors'],
    ['latency', 'Slow checkout'],
  ] as const) {
    const rule = await createRule({
      ctx: { db: tdb.db, actor: actors.admin },
      input: createRuleInputSchema.parse({
        name,
        kind: 'threshold',
        metric: 'api_errors',
        window: '1m',
        severity: 'error',
        params: { op: '>', value: 2 },
      }),
    });
    ruleIds[key] = rule.id;
  }
  // Day 1 (UTC): 3 errors incidents, one reopened twice; day 2: none; day 3: 1 latency + 1 of a deleted rule.
  await insertIncident(ruleIds.errors, 'API errors', 1, '2031-03-01T01:00:00Z', 'error', 2);
  await insertIncident(ruleIds.errors, 'API errors', 2, '2031-03-01T10:00:00Z', 'error');
  await insertIncident(ruleIds.errors, 'API errors', 3, '2031-03-01T23:30:00Z', 'critical');
  await insertIncident(ruleIds.latency, 'Slow checkout', 4, '2031-03-03T12:00:00Z', 'warning', 1);
  await insertIncident(null, 'Gone rule', 5, '2031-03-03T13:00:00Z', 'info');
  // Outside the range: not counted.
  await insertIncident(ruleIds.latency, 'Slow checkout', 6, '2031-03-05T12:00:00Z', 'warning', 5);
});
afterAll(async () => {
  await closeRuntime();
  await tdb.drop();
});

const call = (options: RouteCallOptions<Record<string, string>>) =>
  callRoute(reportRoute.GET as RouteHandler<Record<string, string>>, tokens, options);
const range = 'from=2031-03-01T00:00:00Z&to=2031-03-04T00:00:00Z';

describe('GET /api/v1/reports/incidents', () => {
  it('counts incidents per calendar day, zero days included', async () => {
    const { status, body } = await call({ role: 'viewer', path: `reports/incidents?${range}` });
    expect(status).toBe(200);
    expect(body.total).toBe(5);
    expect(body.perDay).toEqual([
      { day: '2031-03-01', incidents: 3, bySeverity: { critical: 1, error: 2, warning: 0, info: 0 } },
      { day: '2031-03-02', incidents: 0, bySeverity: { critical: 0, error: 0, warning: 0, info: 0 } },
      { day: '2031-03-03', incidents: 2, bySeverity: { critical: 0, error: 0, warning: 1, info: 1 } },
    ]);
  });

  it('follows the days of the requested time zone', async () => {
    // 23:30 UTC on 1 March is 10:30 on 2 March in Sydney (UTC+11).
    const { body } = await call({ role: 'viewer', path: `reports/incidents?${range}&tz=Australia/Sydney` });
    const perDay = body.perDay as { day: string; incidents: number }[];
    expect(perDay.find((d) => d.day === '2031-03-02')?.incidents).toBe(1);
    expect(perDay.reduce((n, d) => n + d.incidents, 0)).toBe(5);
  });

  it('ranks the noisiest rules by incidents and by reopenings', async () => {
    const { body } = await call({ role: 'viewer', path: `reports/incidents?${range}` });
    expect(body.mostIncidents).toEqual([
      { ruleId: ruleIds.errors, surgeRuleId: null, ruleName: 'API errors', incidents: 3, reopenings: 2 },
      { ruleId: ruleIds.latency, surgeRuleId: null, ruleName: 'Slow checkout', incidents: 1, reopenings: 1 },
      { ruleId: null, surgeRuleId: null, ruleName: 'Gone rule', incidents: 1, reopenings: 0 },
    ]);
    expect((body.mostReopened as { ruleName: string }[]).map((r) => r.ruleName)).toEqual([
      'API errors',
      'Slow checkout',
    ]);
  });

  it('refuses bad input and anonymous callers', async () => {
    expect((await call({ path: `reports/incidents?${range}` })).status).toBe(401);
    const backwards = await call({
      role: 'viewer',
      path: 'reports/incidents?from=2031-03-04T00:00:00Z&to=2031-03-01T00:00:00Z',
    });
    expect(backwards.status).toBe(400);
    const zone = await call({ role: 'viewer', path: `reports/incidents?${range}&tz=Mars/Olympus` });
    expect(zone.status).toBe(400);
    expect((zone.body.error as { field?: string }).field).toBe('tz');
  });
});
