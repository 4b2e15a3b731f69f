import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as meRoute from '@/app/api/v1/users/me/route';
import type { Actor } from '@/core/auth/context';
import type { Role } from '@/contracts/roles';
import { createSession } from '@/core/auth/sessions';
import { UnauthorizedError } from '@/core/errors';
import { closeRuntime, runtime } from '@/server/runtime';
import { callAs, type Credential } from '@/test/helpers/api-calls';
import { seedUsers } from '@/test/helpers/rules';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { updateOwnPreferencesInputSchema } from './schemas';
import { updateOwnPreferences } from './update-own-preferences';

let tdb: TestDatabase;
let actors: Record<Role, Actor>;
let viewer: Credential;

beforeAll(async () => {
  tdb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: tdb.url,
    REDIS_URL: testRedisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: testRedisPrefix(),
    PULSEBOARD_DEMO: 'off',
  });
  const rt = runtime();
  if (rt.redis.status !== 'ready') await once(rt.redis, 'ready');
  actors = await seedUsers(tdb);
  viewer = { kind: 'cookie', token: (await createSession(tdb.db, actors.viewer.userId)).token };
});
afterAll(async () => {
  await closeRuntime();
  await tdb.drop();
});

const storedZones = async () =>
  Object.fromEntries(
    (await tdb.sql<{ email: string; time_zone: string | null }[]>`select email, time_zone from users`).map(
      (r) => [r.email, r.time_zone],
    ),
  );
const patch = (credential: Credential, body: unknown) =>
  callAs(meRoute.PATCH, credential, { method: 'PATCH', path: 'users/me', body });

describe('time-zone preference', () => {
  it('anyone, a viewer too, sets their own zone (IANA or UTC) and back to the browser’s; GET me answers it', async () => {
    const none = await callAs(meRoute.GET, viewer, { path: 'users/me' });
    expect(none.body).toMatchObject({ email: 'viewer@test', timeZone: null });

    const berlin = await patch(viewer, { timeZone: 'Europe/Berlin' });
    expect(berlin.status, JSON.stringify(berlin.body)).toBe(200);
    expect(berlin.body).toMatchObject({ email: 'viewer@test', timeZone: 'Europe/Berlin' });
    expect(await storedZones()).toEqual({
      'viewer@test': 'Europe/Berlin',
      'operator@test': null,
      'admin@test': null,
    });

    expect((await patch(viewer, { timeZone: 'UTC' })).body).toMatchObject({ timeZone: 'UTC' });
    expect((await callAs(meRoute.GET, viewer, { path: 'users/me' })).body).toMatchObject({ timeZone: 'UTC' });

    expect((await patch(viewer, { timeZone: null })).body).toMatchObject({ timeZone: null });
    expect((await storedZones())['viewer@test']).toBeNull();
  });

  it('a zone that is not IANA or UTC gets 400 naming timeZone, and nothing changes', async () => {
    expect((await patch(viewer, { timeZone: 'America/New_York' })).status).toBe(200);
    const before = await storedZones();
    for (const timeZone of [
      'Mars/Olympus',
      '+01:00',
      'CET',
      'utc ',
      '',
      'Europe/Berlin'.repeat(10),
      42,
      {},
    ]) {
      const answer = await patch(viewer, { timeZone });
      expect(answer.status, `${JSON.stringify(timeZone)}: ${JSON.stringify(answer.body)}`).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'validation_error', field: 'timeZone' } });
    }
    const missing = await patch(viewer, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { field: 'timeZone' } });
    const extra = await patch(viewer, { timeZone: 'UTC', role: 'admin' });
    expect(extra.status).toBe(400);
    expect(await storedZones()).toEqual(before);
    expect(before['viewer@test']).toBe('America/New_York');
  });

  it('needs a signed-in caller; a cookie request from another origin is refused; only the caller’s row changes', async () => {
    const before = await storedZones();
    expect((await patch({ kind: 'anonymous' }, { timeZone: 'UTC' })).status).toBe(401);
    expect(
      (await patch({ ...viewer, origin: 'https://evil.example' } as Credential, { timeZone: 'UTC' })).status,
    ).toBe(403);
    await expect(
      updateOwnPreferences({
        ctx: { db: tdb.db, actor: null },
        input: updateOwnPreferencesInputSchema.parse({ timeZone: 'UTC' }),
      }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await storedZones()).toEqual(before);

    const admin = await updateOwnPreferences({
      ctx: { db: tdb.db, actor: actors.admin },
      input: { timeZone: 'Asia/Kolkata' },
    });
    expect(admin.timeZone).toBe('Asia/Kolkata');
    expect(await storedZones()).toEqual({ ...before, 'admin@test': 'Asia/Kolkata' });
  });
});
