import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeIncident } from '@/core/services/incidents/acknowledge-incident';
import { resolveIncident } from '@/core/services/incidents/resolve-incident';
import { createPolicy } from '@/core/services/notifications/create-policy';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { runEscalations } from './escalate';
import { pumpOutbox } from './outbox';
import { addChannel, addRule, deliveriesOf, notifySetup, openIncident } from '@/test/helpers/notify-harness';

let tdb: TestDatabase;
let setup: Awaited<ReturnType<typeof notifySetup>>;
const slackUrl = (n: string) => ({ webhookUrl: `http://127.0.0.1:9/${n}` });
const minutes = (base: Date, m: number) => new Date(base.getTime() + m * 60_000);
const summary = async (incident: string) =>
  (await deliveriesOf(tdb, incident)).map((d) => `${d.action}:${d.channelId.slice(0, 4)}:${d.status}`);

beforeAll(async () => {
  tdb = await createTestDatabase();
  setup = await notifySetup(tdb);
});
afterAll(async () => tdb.drop());

describe('escalation', () => {
  it('notifies step 2 after N minutes while unacknowledged, and never once acknowledged', async () => {
    const first = await addChannel(setup.ctx(), {
      name: 'first',
      type: 'slack',
      enabled: true,
      config: slackUrl('a'),
    });
    const second = await addChannel(setup.ctx(), {
      name: 'second',
      type: 'slack',
      enabled: true,
      config: slackUrl('b'),
    });
    const policy = await createPolicy({
      ctx: setup.ctx(),
      input: {
        name: 'oncall',
        enabled: true,
        match: { severities: ['critical'] },
        repeatMinutes: null,
        steps: [
          { afterMinutes: 0, channelIds: [first] },
          { afterMinutes: 5, channelIds: [second] },
        ],
      },
    });
    const rule = await addRule(tdb, { policyId: policy.id });
    const t0 = new Date();
    const unacked = await openIncident(tdb, rule, { n: '1' }, t0);
    const acked = await openIncident(tdb, rule, { n: '2' }, t0);
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });
    await acknowledgeIncident({ ctx: { db: tdb.db, actor: setup.users.operator }, id: acked });
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });

    expect(await runEscalations({ db: tdb.db, publicUrl: 'http://x', now: () => minutes(t0, 4) })).toEqual(
      [],
    );
    const escalated = await runEscalations({ db: tdb.db, publicUrl: 'http://x', now: () => minutes(t0, 6) });
    expect(escalated).toHaveLength(1);
    const f = first.slice(0, 4);
    const s = second.slice(0, 4);
    expect(await summary(unacked)).toEqual([`trigger:${f}:queued`, `escalate:${s}:queued`]);
    expect(await summary(acked)).toEqual([`trigger:${f}:queued`, `acknowledge:${f}:queued`]);
    // Checked again later: each step fires once per firing cycle.
    expect(await runEscalations({ db: tdb.db, publicUrl: 'http://x', now: () => minutes(t0, 30) })).toEqual(
      [],
    );
    // The acknowledgement reaches the escalated channel too.
    await acknowledgeIncident({ ctx: { db: tdb.db, actor: setup.users.operator }, id: unacked });
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });
    expect((await summary(unacked)).slice(2).sort()).toEqual(
      [`acknowledge:${f}:queued`, `acknowledge:${s}:queued`].sort(),
    );
  });

  it('repeats the firing notice every repeatMinutes while triggered', async () => {
    const ch = await addChannel(setup.ctx(), {
      name: 'rep',
      type: 'slack',
      enabled: true,
      config: slackUrl('r'),
    });
    const policy = await createPolicy({
      ctx: setup.ctx(),
      input: {
        name: 'repeat',
        enabled: true,
        match: { severities: ['warning'] },
        repeatMinutes: 10,
        steps: [{ afterMinutes: 0, channelIds: [ch] }],
      },
    });
    // No channels and no policy on the rule: policies are matched by severity and labels.
    const rule = await addRule(tdb, { severity: 'warning', labels: { team: 'payments' } });
    const other = await addRule(tdb, { severity: 'info' });
    const t0 = new Date();
    const incident = await openIncident(tdb, rule, {}, t0);
    const unmatched = await openIncident(tdb, other, {}, t0);
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });
    expect(await deliveriesOf(tdb, unmatched)).toHaveLength(0);
    await runEscalations({ db: tdb.db, publicUrl: 'http://x', now: () => minutes(t0, 11) });
    await runEscalations({ db: tdb.db, publicUrl: 'http://x', now: () => minutes(t0, 12) });
    await runEscalations({ db: tdb.db, publicUrl: 'http://x', now: () => minutes(t0, 21) });
    expect((await deliveriesOf(tdb, incident)).map((d) => d.action)).toEqual(['trigger', 'repeat', 'repeat']);
    void policy;
  });
});

describe('budgets', () => {
  it('hold firing notices past K per hour, but acknowledge and resolve of sent ones always follow', async () => {
    const ch = await addChannel(setup.ctx(), {
      name: 'budget',
      type: 'slack',
      enabled: true,
      config: slackUrl('k'),
    });
    const rule = await addRule(tdb, { channelIds: [ch], budget: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await openIncident(tdb, rule, { n: String(i) }));
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });
    const statuses = async () =>
      Promise.all(ids.map(async (id) => (await deliveriesOf(tdb, id)).map((d) => `${d.action}:${d.status}`)));
    expect(await statuses()).toEqual([
      ['trigger:queued'],
      ['trigger:queued'],
      ['trigger:held'],
      ['trigger:held'],
    ]);
    for (const id of ids) await resolveIncident({ ctx: { db: tdb.db, actor: setup.users.operator }, id });
    await pumpOutbox({ db: tdb.db, publicUrl: 'http://x' });
    expect(await statuses()).toEqual([
      ['trigger:queued', 'resolve:queued'],
      ['trigger:queued', 'resolve:queued'],
      ['trigger:held'],
      ['trigger:held'],
    ]);
  });
});
