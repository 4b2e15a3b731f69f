import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import type { Actor } from '@/core/auth/context';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '@/core/errors';
import { getIncidentDetail } from '@/core/queries/incidents/get-incident';
import { incidentStats } from '@/core/queries/incidents/incident-stats';
import { listIncidents } from '@/core/queries/incidents/list-incidents';
import { createRule } from '@/core/services/rules/create-rule';
import { createRuleInputSchema } from '@/core/services/rules/schemas';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { burst, engine, ingest, seedMetrics, seedUsers } from '@/test/helpers/rules';
import { acknowledgeIncident } from './acknowledge-incident';
import { assignIncident } from './assign-incident';
import { commentIncident } from './comment-incident';
import { resolveIncident } from './resolve-incident';
import { commentInputSchema, listIncidentsQuerySchema } from './schemas';
import type { IncidentView } from '@/contracts/responses/alerting';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;
let ruleId: string;
const published: IncidentView[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, [{ name: 'api_errors', eventTypes: ['api_error'], dimensions: ['endpoint'] }]);
  const rule = await createRule({
    ctx: { db: tdb.db, actor: actors.admin },
    input: createRuleInputSchema.parse({
      name: 'API errors',
      kind: 'threshold',
      metric: 'api_errors',
      groupBy: ['endpoint'],
      window: '1m',
      severity: 'error',
      params: { op: '>', value: 2 },
    }),
  });
  ruleId = rule.id;
  const t = Date.parse('2030-01-01T12:00:00Z');
  await ingest(
    tdb,
    ['/a', '/b', '/c', '/d'].flatMap((endpoint) => burst('api_error', t, 3, { props: { endpoint } })),
  );
  await engine(tdb).tick(t + 5_000);
});
afterAll(async () => {
  await tdb.drop();
});

const ctx = (role: Role | null) => ({
  db: tdb.db,
  actor: role ? actors[role] : null,
  publish: (incident: IncidentView) => Promise.resolve(void published.push(incident)),
});
async function incidentFor(endpoint: string): Promise<string> {
  const { incidents } = await listIncidents(tdb.db, listIncidentsQuerySchema.parse({ limit: 200 }));
  const found = incidents.find((i) => i.series.endpoint === endpoint);
  if (!found) throw new Error(`no incident for ${endpoint}`);
  return found.id;
}
const auditOf = (id: string) =>
  tdb.sql<{ action: string; actor_email: string }[]>`
    select action, actor_email from audit_log where target_type = 'incident' and target_id = ${id} order by id`;

describe('incident actions', () => {
  it('operators acknowledge and resolve; viewers and anonymous callers cannot; each action is audited and published', async () => {
    const id = await incidentFor('/a');
    for (const action of [acknowledgeIncident, resolveIncident]) {
      await expect(action({ ctx: ctx(null), id })).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(action({ ctx: ctx('viewer'), id })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const acked = await acknowledgeIncident({ ctx: ctx('operator'), id, input: { note: 'looking' } });
    expect(acked).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { id: actors.operator.userId, email: 'operator@test', name: 'operator' },
    });
    expect(published.at(-1)).toEqual(acked);
    await expect(acknowledgeIncident({ ctx: ctx('operator'), id })).rejects.toBeInstanceOf(ConflictError);
    const resolved = await resolveIncident({ ctx: ctx('admin'), id });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: { email: 'admin@test' } });
    await expect(resolveIncident({ ctx: ctx('operator'), id })).rejects.toBeInstanceOf(ConflictError);
    await expect(acknowledgeIncident({ ctx: ctx('operator'), id })).rejects.toBeInstanceOf(ConflictError);
    expect(await auditOf(id)).toEqual([
      { action: 'incident.acknowledge', actor_email: 'operator@test' },
      { action: 'incident.resolve', actor_email: 'admin@test' },
    ]);
    const detail = await getIncidentDetail(tdb.db, id);
    expect(detail?.timeline.map((e) => [e.kind, e.actor?.email ?? null, e.data.note ?? null])).toEqual([
      ['opened', null, null],
      ['acknowledged', 'operator@test', 'looking'],
      ['resolved', 'admin@test', null],
    ]);
  });

  it('comments and assignments: operators only, into the timeline, with a real user', async () => {
    const id = await incidentFor('/b');
    const comment = { text: 'Rolled back the deploy' };
    await expect(commentIncident({ ctx: ctx(null), id, input: comment })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(commentIncident({ ctx: ctx('viewer'), id, input: comment })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(commentInputSchema.safeParse({ text: '   ' }).success).toBe(false);
    await commentIncident({ ctx: ctx('operator'), id, input: comment });

    const assign = { userId: actors.admin.userId };
    await expect(assignIncident({ ctx: ctx(null), id, input: assign })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(assignIncident({ ctx: ctx('viewer'), id, input: assign })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      assignIncident({ ctx: ctx('operator'), id, input: { userId: '00000000-0000-4000-8000-00000000abcd' } }),
    ).rejects.toMatchObject({ field: 'userId' });
    // A viewer could not acknowledge or resolve it: not someone to assign an incident to.
    await expect(
      assignIncident({ ctx: ctx('operator'), id, input: { userId: actors.viewer.userId } }),
    ).rejects.toMatchObject({
      field: 'userId',
      message: 'viewer@test is a viewer and cannot act on incidents',
    });
    await expect(assignIncident({ ctx: ctx('operator'), id, input: assign })).resolves.toMatchObject({
      assignee: { email: 'admin@test' },
      status: 'triggered',
    });
    const detail = await getIncidentDetail(tdb.db, id);
    expect(detail?.timeline.slice(1).map((e) => [e.kind, e.data])).toEqual([
      ['comment', { text: 'Rolled back the deploy' }],
      ['assigned', { assigneeId: actors.admin.userId, assigneeEmail: 'admin@test' }],
    ]);
    // The timeline keeps ids; the people it names come with it, for the page to write names.
    expect(detail?.people.map((p) => [p.id, p.name]).sort()).toEqual(
      [
        [actors.admin.userId, 'admin'],
        [actors.operator.userId, 'operator'],
      ].sort(),
    );
    await expect(
      assignIncident({ ctx: ctx('operator'), id, input: { userId: null } }),
    ).resolves.toMatchObject({
      assignee: null,
    });
    expect((await auditOf(id)).map((a) => a.action)).toEqual([
      'incident.comment',
      'incident.assign',
      'incident.assign',
    ]);
  });

  it('answers 404 for an incident that does not exist', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(acknowledgeIncident({ ctx: ctx('operator'), id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(commentIncident({ ctx: ctx('operator'), id, input: { text: 'x' } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('incident list and statistics', () => {
  it('filters by status, severity, rule and assignee, and pages with a cursor', async () => {
    const list = (raw: Record<string, unknown>) => listIncidents(tdb.db, listIncidentsQuerySchema.parse(raw));
    const all = await list({});
    expect(all.incidents).toHaveLength(4);
    expect((await list({ status: 'open' })).incidents).toHaveLength(3);
    expect((await list({ status: 'resolved' })).incidents.map((i) => i.series)).toEqual([{ endpoint: '/a' }]);
    expect((await list({ severity: 'critical' })).incidents).toEqual([]);
    expect((await list({ rule: ruleId, severity: 'error' })).incidents).toHaveLength(4);
    // By metric: the incidents of the rules on it (Explore shades only those), none for another metric.
    expect((await list({ metric: 'api_errors' })).incidents).toHaveLength(4);
    expect((await list({ metric: 'events' })).incidents).toEqual([]);
    await assignIncident({
      ctx: ctx('operator'),
      id: await incidentFor('/c'),
      input: { userId: actors.operator.userId },
    });
    expect((await list({ assignee: actors.operator.userId })).incidents.map((i) => i.series)).toEqual([
      { endpoint: '/c' },
    ]);
    expect((await list({ assignee: 'none' })).incidents).toHaveLength(3);
    const first = await list({ limit: 3 });
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ limit: 3, cursor: first.nextCursor });
    expect([...first.incidents, ...second.incidents].map((i) => i.id).sort()).toEqual(
      all.incidents.map((i) => i.id).sort(),
    );
    expect(second.nextCursor).toBeNull();
    await expect(list({ cursor: 'garbage' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('time to acknowledge and to resolve: mean and p90 by rule and severity', async () => {
    const opened = Date.parse('2031-01-01T00:00:00Z');
    // Four incidents of one rule opened in the range: acknowledged after 60, 120, 180 and never seconds.
    for (const [i, ack, resolve] of [
      [0, 60, 600],
      [1, 120, 1200],
      [2, 180, null],
      [3, null, 300],
    ] as const) {
      const at = (s: number | null) => (s === null ? null : new Date(opened + s * 1000).toISOString());
      await tdb.sql`insert into incidents (rule_id, rule_name, series_key, series, status, severity, title, opened_at,
          acknowledged_at, resolved_at, dedup_key)
        values (${ruleId}, 'API errors', ${`{"n":"${i}"}`}, '{}', ${resolve === null ? 'acknowledged' : 'resolved'},
          ${i === 3 ? 'critical' : 'warning'}, 't', ${at(0)}, ${at(ack)}, ${at(resolve)}, ${`stats-${i}`})`;
    }
    const stats = await incidentStats(tdb.db, { from: '2031-01-01T00:00:00Z', to: '2031-01-02T00:00:00Z' });
    expect(stats.overall).toEqual({
      incidents: 4,
      timeToAcknowledge: { count: 3, meanSeconds: 120, p90Seconds: 168 },
      timeToResolve: { count: 3, meanSeconds: 700, p90Seconds: 1080 },
    });
    expect(stats.byRule).toEqual([{ ruleId, surgeRuleId: null, ruleName: 'API errors', ...stats.overall }]);
    expect(stats.bySeverity).toEqual([
      {
        severity: 'warning',
        incidents: 3,
        timeToAcknowledge: { count: 3, meanSeconds: 120, p90Seconds: 168 },
        timeToResolve: { count: 2, meanSeconds: 900, p90Seconds: 1140 },
      },
      {
        severity: 'critical',
        incidents: 1,
        timeToAcknowledge: { count: 0, meanSeconds: null, p90Seconds: null },
        timeToResolve: { count: 1, meanSeconds: 300, p90Seconds: 300 },
      },
    ]);
    const empty = await incidentStats(tdb.db, { from: '2040-01-01T00:00:00Z', to: '2040-01-02T00:00:00Z' });
    expect(empty).toMatchObject({ overall: { incidents: 0 }, byRule: [], bySeverity: [] });
  });
});
