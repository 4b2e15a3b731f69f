import { describe, expect, it } from 'vitest';
import { adminApi } from '@/test/admin-api';
import * as channelRoute from '../channels/[id]/route';
import * as channelsRoute from '../channels/route';
import * as policyRoute from '../notification-policies/[id]/route';
import * as policiesRoute from '../notification-policies/route';
import * as ruleRoute from './[id]/route';
import * as rulesRoute from './route';

const { call, auditOf, sql } = adminApi();
const ruleBody = {
  name: 'high traffic',
  kind: 'threshold',
  metric: 'events',
  window: '1m',
  labels: { team: 'core', env: 'prod' },
  params: { op: '>', value: 100 },
};

describe('rules API', () => {
  it('a PATCH that changes nothing answers the rule as it is and writes neither it nor the audit log', async () => {
    const created = await call(rulesRoute, { method: 'POST', body: ruleBody });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const same = {
      name: 'high traffic',
      enabled: true,
      labels: { env: 'prod', team: 'core' },
      params: { value: 100, op: '>' },
    };
    for (const body of [{}, same]) {
      const patched = await call(ruleRoute, { method: 'PATCH', params: { id }, body });
      expect(patched).toEqual({ status: 200, body: created.body });
    }
    expect(await auditOf(id)).toEqual(['rule.create']);
    const renamed = await call(ruleRoute, { method: 'PATCH', params: { id }, body: { name: 'renamed' } });
    expect(renamed.body).toMatchObject({ name: 'renamed' });
    expect(renamed.body.updatedAt).not.toBe(created.body.updatedAt);
    expect(await auditOf(id)).toEqual(['rule.create', 'rule.update']);
  });

  it('deleting a channel takes it out of rules and policy steps; the rule stays editable', async () => {
    const channel = async (name: string) =>
      (
        await call(channelsRoute, {
          method: 'POST',
          body: { name, type: 'webhook', config: { url: `https://hooks.example.com/${name}` } },
        })
      ).body.id as string;
    const [gone, kept] = [await channel('gone'), await channel('kept')];
    // Ids in upper case name the same channels: stored as the database spells them, so the delete finds them.
    const rule = await call(rulesRoute, {
      method: 'POST',
      body: { ...ruleBody, channelIds: [gone.toUpperCase(), kept.toUpperCase()] },
    });
    expect(rule.status).toBe(201);
    expect(rule.body.channelIds).toEqual([gone, kept]);
    const id = rule.body.id as string;
    const policy = await call(policiesRoute, {
      method: 'POST',
      body: {
        name: 'on call',
        steps: [
          { afterMinutes: 0, channelIds: [gone, kept] },
          { afterMinutes: 10, channelIds: [gone.toUpperCase()] },
        ],
      },
    });
    expect(policy.status).toBe(201);
    expect((await call(channelRoute, { method: 'DELETE', params: { id: gone.toUpperCase() } })).status).toBe(
      204,
    );

    const renamed = await call(ruleRoute, { method: 'PATCH', params: { id }, body: { name: 'renamed' } });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'renamed', channelIds: [kept] } });
    const disabled = await call(ruleRoute, { method: 'PATCH', params: { id }, body: { enabled: false } });
    expect(disabled).toMatchObject({ status: 200, body: { enabled: false } });
    const read = await call(ruleRoute, { params: { id } });
    expect(read.body.channelIds).toEqual([kept]);
    // The emptied step keeps its place, so escalations under way keep their step numbers.
    const steps = (await call(policyRoute, { params: { id: policy.body.id as string } })).body.steps;
    expect(steps).toEqual([
      { afterMinutes: 0, channelIds: [kept] },
      { afterMinutes: 10, channelIds: [] },
    ]);
    // What the API answers it takes back: the steps as read, sent again with another change.
    const policyId = policy.body.id as string;
    const roundTrip = await call(policyRoute, {
      method: 'PATCH',
      params: { id: policyId },
      body: { steps, repeatMinutes: 30 },
    });
    expect(roundTrip).toMatchObject({ status: 200, body: { steps, repeatMinutes: 30 } });
    // A channel the request itself names must still exist.
    const naming = await call(ruleRoute, { method: 'PATCH', params: { id }, body: { channelIds: [gone] } });
    expect(naming).toMatchObject({ status: 400, body: { error: { field: 'channelIds' } } });
  });

  it('a rule saved while a channel it names is deleted does not get the channel back', async () => {
    const channel = async (name: string) =>
      (
        await call(channelsRoute, {
          method: 'POST',
          body: { name, type: 'webhook', config: { url: `https://hooks.example.com/${name}` } },
        })
      ).body.id as string;
    const [gone, kept] = [await channel('race-gone'), await channel('race-kept')];
    const rule = await call(rulesRoute, { method: 'POST', body: { ...ruleBody, channelIds: [gone, kept] } });
    const id = rule.body.id as string;
    // Hold the metric catalogue's lock, which a rule's save takes first, so the delete lands inside the save.
    const hold = await sql().reserve();
    try {
      await hold`begin`;
      await hold`select pg_advisory_xact_lock(hashtextextended('pulseboard.catalogue', 0))`;
      const save = call(ruleRoute, { method: 'PATCH', params: { id }, body: { name: 'saved meanwhile' } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await call(channelRoute, { method: 'DELETE', params: { id: gone } })).status).toBe(204);
      await hold`commit`;
      expect(await save).toMatchObject({
        status: 200,
        body: { name: 'saved meanwhile', channelIds: [kept] },
      });
    } finally {
      hold.release();
    }
    expect((await call(ruleRoute, { params: { id } })).body.channelIds).toEqual([kept]);
  });
});
