import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueNames } from '@/lib/redis-names';
import { createTestDatabase, testRedisPrefix, testRedisUrl, type TestDatabase } from '@/test/db';
import { startSlackReceiver, type HttpReceiver } from '@/test/receivers';
import {
  addChannel,
  addRule,
  deliveriesOf,
  notifySetup,
  openIncident,
  testSecret,
} from '@/test/helpers/notify-harness';

const root = path.resolve(import.meta.dirname, '../..');
let tdb: TestDatabase;
let slack: HttpReceiver;
let queue: Queue;
const prefix = testRedisPrefix();
const children: ChildProcess[] = [];

function startWorker(pauseAfterSendMs: number): ChildProcess {
  // node --import tsx, not the tsx CLI, so SIGKILL reaches the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: tdb.url,
      REDIS_URL: testRedisUrl,
      PULSEBOARD_REDIS_PREFIX: prefix,
      PULSEBOARD_SECRET: testSecret,
      PULSEBOARD_JOB_LOCK_MS: '2000',
      PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: 'on',
      PULSEBOARD_NOTIFY_PAUSE_AFTER_SEND_MS: String(pauseAfterSendMs),
    },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  slack = await startSlackReceiver();
  queue = new Queue(queueNames.notify, { connection: { url: testRedisUrl }, prefix });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await queue.obliterate({ force: true });
  await queue.close();
  await slack.close();
  await tdb.drop();
});

describe('a notify worker killed with SIGKILL after sending', () => {
  it('does not send again when its job is redelivered', { timeout: 120_000 }, async () => {
    const { ctx } = await notifySetup(tdb);
    const channelId = await addChannel(ctx(), {
      name: 's',
      type: 'slack',
      enabled: true,
      config: { webhookUrl: `${slack.url}/x` },
    });
    const incident = await openIncident(tdb, await addRule(tdb, { channelIds: [channelId] }));

    // The first worker sends, records the send, then pauses before BullMQ completes the job: killed there.
    const first = startWorker(60_000);
    await slack.waitFor(1, 60_000);
    await expect
      .poll(async () => (await deliveriesOf(tdb, incident))[0]?.status, { timeout: 20_000 })
      .toBe('sent');
    expect(await queue.getJobCounts('active')).toMatchObject({ active: 1 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(() => process.kill(first.pid ?? -1, 0)).toThrow();

    // The second worker finds the stalled job, runs it again, sees the delivery sent and sends nothing.
    startWorker(0);
    await expect
      .poll(() => queue.getJobCounts('active', 'waiting', 'delayed', 'completed', 'failed'), {
        timeout: 60_000,
        interval: 250,
      })
      .toMatchObject({ active: 0, waiting: 0, delayed: 0, failed: 0 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(slack.received).toHaveLength(1);
    const rows = await deliveriesOf(tdb, incident);
    expect(rows.map((d) => [d.action, d.status, d.attemptCount])).toEqual([['trigger', 'sent', 1]]);
  });
});
