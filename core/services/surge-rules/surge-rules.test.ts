import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/core/auth/context';
import type { Role } from '@/contracts/roles';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '@/core/errors';
import { listSurgeRules } from '@/core/queries/surge/surge-rules';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { seedMetrics, seedUsers } from '@/test/helpers/rules';
import { createSurgeRule } from './create-surge-rule';
import { deleteSurgeRule } from './delete-surge-rule';
import { createSurgeRuleInputSchema, surgeHistoryQuerySchema, updateSurgeRuleInputSchema } from './schemas';
import { updateSurgeRule } from './update-surge-rule';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
  await seedMetrics(tdb, [
    { name: 'ride_requests', eventTypes: ['ride_request'], dimensions: ['zone'] },
    { name: 'drivers_available', eventTypes: ['driver_available'], dimensions: ['zone'] },
    { name: 'payments', eventTypes: ['payment'] },
  ]);
});
afterAll(async () => {
  await tdb.drop();
});

const as = (role: Role | null) => ({ db: tdb.db, actor: role ? actors[role] : null });
const rides = {
  name: 'Rides per zone',
  demandMetric: 'ride_requests',
  supplyMetric: 'drivers_available',
  groupBy: ['zone'],
  window: '5m',
  tiers: [
    { ratio: 2, multiplier: 1.5 },
    { ratio: 1.5, multiplier: 1.2 },
  ],
};
const create = (role: Role | null, raw: Record<string, unknown> = rides) =>
  createSurgeRule({ ctx: as(role), input: createSurgeRuleInputSchema.parse(raw) });
const audit = (target: string) =>
  tdb.sql<{ action: string; actor_email: string }[]>`
    select action, actor_email from audit_log where target_id = ${target} order by id`;

describe('surge rule configuration', () => {
  it('lets only admins create, change and delete surge rules, and audits each change', async () => {
    await expect(create(null)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(create('viewer')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(create('operator')).rejects.toBeInstanceOf(ForbiddenError);
    const rule = await create('admin');
    expect(rule).toMatchObject({
      window: '5m',
      tiers: [
        { ratio: 1.5, multiplier: 1.2 },
        { ratio: 2, multiplier: 1.5 },
      ],
      cap: null,
      holdSeconds: 0,
      cooldownSeconds: 0,
      incidentMultiplier: null,
      enabled: true,
    });

    const patch = updateSurgeRuleInputSchema.parse({ cap: 1.4, holdSeconds: 300, cooldownSeconds: 60 });
    for (const role of [null, 'viewer', 'operator'] as const) {
      const denied = role ? ForbiddenError : UnauthorizedError;
      await expect(updateSurgeRule({ ctx: as(role), id: rule.id, input: patch })).rejects.toBeInstanceOf(
        denied,
      );
      await expect(deleteSurgeRule({ ctx: as(role), id: rule.id })).rejects.toBeInstanceOf(denied);
    }
    await expect(updateSurgeRule({ ctx: as('admin'), id: rule.id, input: patch })).resolves.toMatchObject({
      cap: 1.4,
      holdSeconds: 300,
      cooldownSeconds: 60,
      groupBy: ['zone'],
    });
    await deleteSurgeRule({ ctx: as('admin'), id: rule.id });
    expect(await listSurgeRules(tdb.db)).toEqual([]);
    expect(await audit(rule.id)).toEqual([
      { action: 'surge_rule.create', actor_email: 'admin@test' },
      { action: 'surge_rule.update', actor_email: 'admin@test' },
      { action: 'surge_rule.delete', actor_email: 'admin@test' },
    ]);
    await expect(deleteSurgeRule({ ctx: as('admin'), id: rule.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateSurgeRule({ ctx: as('admin'), id: rule.id, input: patch })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('refuses bad tiers, unknown metrics and groupings the metrics lack, writing nothing', async () => {
    const bad = (raw: Record<string, unknown>) => createSurgeRuleInputSchema.safeParse({ ...rides, ...raw });
    expect(bad({ tiers: [] }).success).toBe(false);
    expect(
      bad({
        tiers: [
          { ratio: 2, multiplier: 1.2 },
          { ratio: 1.5, multiplier: 1.5 },
        ],
      }).error?.issues[0]?.message,
    ).toBe('a higher ratio cannot have a lower multiplier');
    expect(bad({ tiers: [{ ratio: 0, multiplier: 2 }] }).success).toBe(false);
    expect(bad({ window: '1h' }).success).toBe(false);
    expect(bad({ cap: 0.5 }).success).toBe(false);

    await expect(create('admin', { ...rides, supplyMetric: 'drivers' })).rejects.toMatchObject({
      field: 'supplyMetric',
    });
    await expect(create('admin', { ...rides, supplyMetric: 'payments' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const rule = await create('admin');
    await expect(
      updateSurgeRule({
        ctx: as('admin'),
        id: rule.id,
        input: updateSurgeRuleInputSchema.parse({ groupBy: ['city'] }),
      }),
    ).rejects.toMatchObject({ field: 'groupBy' });
    expect((await listSurgeRules(tdb.db)).map((r) => r.groupBy)).toEqual([['zone']]);
    await deleteSurgeRule({ ctx: as('admin'), id: rule.id });
  });

  it('checks the history query', () => {
    expect(surgeHistoryQuerySchema.safeParse({ rule: 'x' }).success).toBe(false);
    expect(
      surgeHistoryQuerySchema.safeParse({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }).success,
    ).toBe(false);
    expect(surgeHistoryQuerySchema.parse({ limit: '10' })).toEqual({ limit: 10 });
  });
});
