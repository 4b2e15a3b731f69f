import { describe, expect, it } from 'vitest';
import { adminApi } from '@/test/admin-api';
import * as channelsRoute from '../channels/route';
import * as policyRoute from './[id]/route';
import * as policiesRoute from './route';

const { call, auditOf } = adminApi();

describe('notification policies API', () => {
  it('a PATCH that changes nothing answers the policy as it is and writes neither it nor the audit log', async () => {
    const channel = await call(channelsRoute, {
      method: 'POST',
      body: { name: 'hook', type: 'webhook', config: { url: 'https://hooks.example.com/x' } },
    });
    const steps = [{ afterMinutes: 0, channelIds: [channel.body.id as string] }];
    const created = await call(policiesRoute, {
      method: 'POST',
      body: {
        name: 'on call',
        match: { severities: ['critical'], labels: { team: 'core' } },
        steps,
        repeatMinutes: 0.1,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const same = {
      name: 'on call',
      match: { labels: { team: 'core' }, severities: ['critical'] },
      steps,
      repeatMinutes: 0.1,
      enabled: true,
    };
    for (const body of [{}, same]) {
      expect(await call(policyRoute, { method: 'PATCH', params: { id }, body })).toEqual({
        status: 200,
        body: created.body,
      });
    }
    expect(await auditOf(id)).toEqual(['policy.create']);
    const changed = await call(policyRoute, { method: 'PATCH', params: { id }, body: { repeatMinutes: 60 } });
    expect(changed).toMatchObject({ status: 200, body: { repeatMinutes: 60 } });
    expect(await auditOf(id)).toEqual(['policy.create', 'policy.update']);
  });
});
