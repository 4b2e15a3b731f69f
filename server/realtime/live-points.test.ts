import { describe, expect, it } from 'vitest';
import { groupKeyOf } from '@/lib/metrics/definitions';
import { LivePoints } from './live-points';

const key = (type: string, source: string) => groupKeyOf({ type, source });
const state = (count: number, sum = count) => ({ count, sum, min: 1, max: 1 });
const bucket = Date.parse('2026-01-01T00:00:05Z');

describe('LivePoints', () => {
  it('merges finer points into the watched grouping and sends only what changed', () => {
    const live = new LivePoints(60_000);
    live.apply([
      { metric: 'events', aggregation: 'count', groupKey: key('purchase', 'web'), bucket, state: state(3) },
      { metric: 'events', aggregation: 'count', groupKey: key('purchase', 'app'), bucket, state: state(2) },
      { metric: 'events', aggregation: 'count', groupKey: key('search', 'web'), bucket, state: state(7) },
    ]);
    const rooms = () => [{ room: 'r', groupBy: ['type'] }];
    const frames = live.takeFrames(rooms);
    expect(frames.map((f) => [f.frame.group, f.frame.value, f.frame.ts])).toEqual([
      [{ type: 'purchase' }, 5, '2026-01-01T00:00:05.000Z'],
      [{ type: 'search' }, 7, '2026-01-01T00:00:05.000Z'],
    ]);
    live.apply([
      { metric: 'events', aggregation: 'count', groupKey: key('purchase', 'app'), bucket, state: state(4) },
    ]);
    expect(live.takeFrames(rooms).map((f) => [f.frame.group, f.frame.value])).toEqual([
      [{ type: 'purchase' }, 7],
    ]);
  });

  it('never lets an older state that arrives late overwrite a newer one', () => {
    const live = new LivePoints(60_000);
    const gk = key('purchase', 'web');
    live.apply([{ metric: 'events', aggregation: 'count', groupKey: gk, bucket, state: state(9) }]);
    live.apply([{ metric: 'events', aggregation: 'count', groupKey: gk, bucket, state: state(4) }]);
    const frames = live.takeFrames(() => [{ room: 'r', groupBy: [] }]);
    expect(frames.map((f) => f.frame.value)).toEqual([9]);
  });

  it('sends nothing for metrics nobody watches and forgets buckets past the retention', () => {
    const live = new LivePoints(10_000);
    live.apply([
      { metric: 'events', aggregation: 'count', groupKey: key('a', 'b'), bucket, state: state(1) },
    ]);
    expect(live.takeFrames(() => [])).toEqual([]);
    live.evict(bucket + 20_000);
    live.apply([
      {
        metric: 'events',
        aggregation: 'count',
        groupKey: key('c', 'b'),
        bucket: bucket + 15_000,
        state: state(1),
      },
    ]);
    const frames = live.takeFrames(() => [{ room: 'r', groupBy: ['type'] }]);
    expect(frames.map((f) => f.frame.group)).toEqual([{ type: 'c' }]);
  });

  it('values a frame with the aggregation its points carry', () => {
    const live = new LivePoints(60_000);
    live.apply([
      {
        metric: 'latency',
        aggregation: 'max',
        groupKey: key('api', 'web'),
        bucket,
        state: { count: 2, sum: 9, min: 4, max: 5 },
      },
      {
        metric: 'latency',
        aggregation: 'max',
        groupKey: key('api', 'app'),
        bucket,
        state: { count: 1, sum: 7, min: 7, max: 7 },
      },
    ]);
    expect(live.takeFrames(() => [{ room: 'r', groupBy: [] }]).map((f) => f.frame.value)).toEqual([7]);
  });

  it('stamps each frame with the earliest receipt of the changes it carries', () => {
    const live = new LivePoints(60_000);
    live.apply(
      [{ metric: 'events', aggregation: 'count', groupKey: key('purchase', 'web'), bucket, state: state(1) }],
      1_000,
    );
    live.apply(
      [{ metric: 'events', aggregation: 'count', groupKey: key('purchase', 'app'), bucket, state: state(1) }],
      1_050,
    );
    live.apply(
      [{ metric: 'events', aggregation: 'count', groupKey: key('purchase', 'web'), bucket, state: state(2) }],
      1_080,
    );
    live.apply(
      [{ metric: 'events', aggregation: 'count', groupKey: key('search', 'web'), bucket, state: state(1) }],
      1_090,
    );
    const rooms = () => [{ room: 'r', groupBy: ['type'] }];
    expect(live.takeFrames(rooms).map((f) => [f.frame.group, f.frame.receivedAt])).toEqual([
      [{ type: 'purchase' }, 1_000],
      [{ type: 'search' }, 1_090],
    ]);
    live.apply(
      [{ metric: 'events', aggregation: 'count', groupKey: key('purchase', 'web'), bucket, state: state(3) }],
      2_000,
    );
    expect(live.takeFrames(rooms).map((f) => f.frame.receivedAt)).toEqual([2_000]);
  });
});
