import { describe, expect, it } from 'vitest';
import { adminApi } from '@/test/admin-api';
import * as silenceRoute from './[id]/route';
import * as silencesRoute from './route';

const { call, auditOf } = adminApi();

describe('silences API', () => {
  it('a PATCH that changes nothing answers the silence as it is and writes neither it nor the audit log', async () => {
    const startsAt = new Date(Date.now() + 60_000);
    const endsAt = new Date(startsAt.getTime() + 3_600_000);
    const created = await call(silencesRoute, {
      method: 'POST',
      body: {
        matchers: { labels: { team: 'core', env: 'prod' } },
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        comment: 'deploy',
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // The same instants in another offset, and the labels in another order, are the same values.
    const same = {
      matchers: { labels: { env: 'prod', team: 'core' } },
      startsAt: startsAt.toISOString().replace('Z', '+00:00'),
      endsAt: endsAt.toISOString(),
      comment: 'deploy',
    };
    for (const body of [{}, same]) {
      expect(await call(silenceRoute, { method: 'PATCH', params: { id }, body })).toEqual({
        status: 200,
        body: created.body,
      });
    }
    expect(await auditOf(id)).toEqual(['silence.create']);
    const changed = await call(silenceRoute, {
      method: 'PATCH',
      params: { id },
      body: { comment: 'longer' },
    });
    expect(changed).toMatchObject({ status: 200, body: { comment: 'longer' } });
    expect(await auditOf(id)).toEqual(['silence.create', 'silence.update']);
  });
});
