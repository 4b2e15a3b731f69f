import { describe, expect, it } from 'vitest';
import { appendSample, sparkOf } from './pipeline-history';
import type { PipelineHealth } from '@/contracts/responses/system';

function health(at: string, accepted: number, waiting = 0): PipelineHealth {
  return {
    at,
    web: { startedAt: at, accepted, rejected: 0, requests: {} },
    recent: { windowSeconds: 60, accepted: 0, processed: 0, stored: 0, duplicates: 0, late: 0 },
    queues: [
      { name: 'ingest', waiting, active: 1, delayed: 0, failed: 0, oldestWaitingMs: waiting ? 1500 : null },
    ],
    workers: [{ id: 'w1', lastBeatMs: 1200 }],
    database: { commitMs: 1.5, newestPointMs: 800 },
    notifications: { failedLastHour: 1, deadLastHour: 2, pending: 0 },
    redis: { ok: true },
    failingChannels: [],
    failingRules: [],
  };
}

describe('pipeline history', () => {
  it('turns cumulative counters into per-second rates and ignores repeated polls', () => {
    const a = health('2030-01-01T00:00:00.000Z', 100);
    const b = health('2030-01-01T00:00:02.000Z', 300, 4);
    let history = appendSample([], a, null);
    history = appendSample(history, b, a);
    history = appendSample(history, b, b);
    expect(history).toHaveLength(2);
    expect(history[0]?.ingestRate).toBeNull();
    expect(history[1]).toMatchObject({
      ingestRate: 100,
      backlog: 5,
      oldestJobMs: 1500,
      notificationFailures: 3,
    });
    expect(sparkOf(history, (s) => s.ingestRate)).toEqual([[Date.parse(b.at), 100]]);
  });

  it('does not report a negative rate after the web process restarted', () => {
    const a = health('2030-01-01T00:00:00.000Z', 500);
    const b = health('2030-01-01T00:00:02.000Z', 10);
    expect(appendSample(appendSample([], a, null), b, a)[1]?.ingestRate).toBeNull();
  });
});
