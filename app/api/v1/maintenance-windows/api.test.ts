import { describe, expect, it } from 'vitest';
import { adminApi } from '@/test/admin-api';
import * as windowRoute from './[id]/route';
import * as windowsRoute from './route';

const { call, auditOf } = adminApi();

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
        // Whether it is active is read at each answer's time: a boundary may fall between the two calls.
        body: { ...created.body, activeNow: expect.any(Boolean) as unknown },
      });
    }
    expect(await auditOf(id)).toEqual(['maintenance_window.create']);
    const changed = await call(windowRoute, { method: 'PATCH', params: { id }, body: { enabled: false } });
    expect(changed).toMatchObject({ status: 200, body: { enabled: false } });
    expect(await auditOf(id)).toEqual(['maintenance_window.create', 'maintenance_window.update']);
  });
});
