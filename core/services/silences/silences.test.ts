import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/contracts/roles';
import type { Actor } from '@/core/auth/context';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '@/core/errors';
import { listMaintenanceWindows } from '@/core/queries/rules/list-maintenance-windows';
import { listSilences } from '@/core/queries/rules/list-silences';
import { createMaintenanceWindow } from '@/core/services/maintenance-windows/create-maintenance-window';
import { deleteMaintenanceWindow } from '@/core/services/maintenance-windows/delete-maintenance-window';
import {
  createMaintenanceWindowInputSchema,
  updateMaintenanceWindowInputSchema,
} from '@/core/services/maintenance-windows/schemas';
import { updateMaintenanceWindow } from '@/core/services/maintenance-windows/update-maintenance-window';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { seedUsers } from '@/test/helpers/rules';
import { createSilence } from './create-silence';
import { deleteSilence } from './delete-silence';
import { createSilenceInputSchema, updateSilenceInputSchema } from './schemas';
import { updateSilence } from './update-silence';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  actors = await seedUsers(tdb);
});
afterAll(async () => {
  await tdb.drop();
});

const ctx = (role: Role | null) => ({ db: tdb.db, actor: role ? actors[role] : null });
const auditActions = (type: string) =>
  tdb.sql<{ action: string; actor_email: string }[]>`
    select action, actor_email from audit_log where target_type = ${type} order by id`;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('silences', () => {
  it('operators create, change and delete silences; viewers and anonymous callers cannot; all audited', async () => {
    const input = createSilenceInputSchema.parse({
      matchers: { labels: { team: 'payments' } },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: inAnHour(),
      comment: 'PSP maintenance',
    });
    await expect(createSilence({ ctx: ctx(null), input })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(createSilence({ ctx: ctx('viewer'), input })).rejects.toBeInstanceOf(ForbiddenError);
    const silence = await createSilence({ ctx: ctx('operator'), input });
    expect(silence).toMatchObject({ state: 'active', createdBy: { email: 'operator@test' } });

    const change = updateSilenceInputSchema.parse({ endsAt: new Date(Date.now() - 1000).toISOString() });
    await expect(updateSilence({ ctx: ctx(null), id: silence.id, input: change })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(updateSilence({ ctx: ctx('viewer'), id: silence.id, input: change })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    // Ending it before it started is refused; ending it now expires it.
    await expect(
      updateSilence({
        ctx: ctx('operator'),
        id: silence.id,
        input: { endsAt: new Date(Date.parse(silence.startsAt) - 1).toISOString() },
      }),
    ).rejects.toMatchObject({ field: 'endsAt' });
    await expect(
      updateSilence({ ctx: ctx('operator'), id: silence.id, input: change }),
    ).resolves.toMatchObject({
      state: 'expired',
    });
    expect((await listSilences(tdb.db, { state: 'expired' })).map((s) => s.id)).toEqual([silence.id]);
    expect(await listSilences(tdb.db, { state: 'active' })).toEqual([]);

    await expect(deleteSilence({ ctx: ctx(null), id: silence.id })).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(deleteSilence({ ctx: ctx('viewer'), id: silence.id })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await deleteSilence({ ctx: ctx('admin'), id: silence.id });
    await expect(deleteSilence({ ctx: ctx('admin'), id: silence.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditActions('silence')).toEqual([
      { action: 'silence.create', actor_email: 'operator@test' },
      { action: 'silence.update', actor_email: 'operator@test' },
      { action: 'silence.delete', actor_email: 'admin@test' },
    ]);
  });

  it('needs at least one matcher, a comment and a period that ends after it starts', async () => {
    expect(
      createSilenceInputSchema.safeParse({ matchers: {}, endsAt: inAnHour() }).error?.issues[0]?.path,
    ).toEqual(['matchers']);
    expect(createSilenceInputSchema.safeParse({ matchers: { labels: {} }, endsAt: inAnHour() }).success).toBe(
      false,
    );
    for (const comment of [undefined, '', '   ']) {
      expect(
        createSilenceInputSchema.safeParse({
          matchers: { series: { zone: 'north' } },
          endsAt: inAnHour(),
          comment,
        }).error?.issues[0],
      ).toMatchObject({ path: ['comment'], message: 'comment is required: say why the silence is there' });
    }
    expect(updateSilenceInputSchema.safeParse({ comment: ' ' }).error?.issues[0]?.path).toEqual(['comment']);
    const input = createSilenceInputSchema.parse({
      matchers: { series: { zone: 'north' } },
      startsAt: inAnHour(),
      endsAt: new Date().toISOString(),
      comment: 'backwards',
    });
    await expect(createSilence({ ctx: ctx('operator'), input })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('maintenance windows', () => {
  const weekly = {
    name: 'Sunday patching',
    timeZone: 'Europe/Berlin',
    recurrence: { days: ['sun'], start: '01:00', durationMinutes: 180 },
  };

  it('admins only create, change and delete windows; every change audited', async () => {
    const input = createMaintenanceWindowInputSchema.parse(weekly);
    for (const role of [null, 'viewer', 'operator'] as const) {
      await expect(createMaintenanceWindow({ ctx: ctx(role), input })).rejects.toBeInstanceOf(
        role ? ForbiddenError : UnauthorizedError,
      );
    }
    const window = await createMaintenanceWindow({ ctx: ctx('admin'), input });
    expect(window).toMatchObject({ timeZone: 'Europe/Berlin', matchers: {}, enabled: true, startsAt: null });

    // Switching to a one-off period clears the recurrence in the same change.
    const oneOff = updateMaintenanceWindowInputSchema.parse({
      recurrence: null,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: inAnHour(),
    });
    for (const role of [null, 'viewer', 'operator'] as const) {
      await expect(
        updateMaintenanceWindow({ ctx: ctx(role), id: window.id, input: oneOff }),
      ).rejects.toBeInstanceOf(role ? ForbiddenError : UnauthorizedError);
      await expect(deleteMaintenanceWindow({ ctx: ctx(role), id: window.id })).rejects.toBeInstanceOf(
        role ? ForbiddenError : UnauthorizedError,
      );
    }
    await expect(
      updateMaintenanceWindow({ ctx: ctx('admin'), id: window.id, input: { recurrence: null } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      updateMaintenanceWindow({ ctx: ctx('admin'), id: window.id, input: oneOff }),
    ).resolves.toMatchObject({ recurrence: null, activeNow: true });
    expect((await listMaintenanceWindows(tdb.db)).map((w) => w.name)).toEqual(['Sunday patching']);
    await deleteMaintenanceWindow({ ctx: ctx('admin'), id: window.id });
    expect((await auditActions('maintenance_window')).map((a) => a.action)).toEqual([
      'maintenance_window.create',
      'maintenance_window.update',
      'maintenance_window.delete',
    ]);
  });

  it('validates the zone and the schedule', () => {
    const issue = (raw: unknown) =>
      createMaintenanceWindowInputSchema.safeParse(raw).error?.issues.map((i) => i.path.join('.'));
    expect(issue({ ...weekly, timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(issue({ ...weekly, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z' })).toEqual([
      'recurrence',
    ]);
    expect(issue({ name: 'x', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' })).toEqual([
      'endsAt',
    ]);
    expect(issue({ ...weekly, recurrence: { ...weekly.recurrence, start: '25:00' } })).toEqual([
      'recurrence.start',
    ]);
    expect(issue({ ...weekly, recurrence: { ...weekly.recurrence, days: ['sun', 'sun'] } })).toEqual([
      'recurrence.days',
    ]);
  });
});
