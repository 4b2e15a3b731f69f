import { describe, expect, it } from 'vitest';
import {
  defaultEngineOptions,
  initialMemory,
  planIncident,
  stepSeries,
  type SeriesMemory,
} from './state-machine';

const options = { ...defaultEngineOptions, pendingMs: 10_000 };
const breach = { breaching: true, clear: false };
const between = { breaching: false, clear: false };
const calm = { breaching: false, clear: true };

function run(steps: [number, typeof breach][], start: SeriesMemory = initialMemory(0)) {
  const states: string[] = [];
  let memory = start;
  for (const [t, verdict] of steps) {
    memory = stepSeries(memory, verdict, t, options);
    states.push(memory.state);
  }
  return { states, memory };
}

describe('series state machine', () => {
  it('pends for the pending period, fires, holds between the thresholds and clears on the clear condition', () => {
    expect(
      run([
        [0, breach],
        [9_000, breach],
        [10_000, breach],
        [11_000, between],
        [12_000, calm],
      ]).states,
    ).toEqual(['pending', 'pending', 'firing', 'firing', 'ok']);
  });

  it('drops a pending breach that stops before the pending period', () => {
    expect(
      run([
        [0, breach],
        [5_000, between],
      ]).states,
    ).toEqual(['pending', 'ok']);
  });

  it('goes to flapping on the third firing inside the window and settles a window after the last one', () => {
    const noPending = { ...defaultEngineOptions, pendingMs: 0 };
    let memory = initialMemory(0);
    const states: string[] = [];
    const step = (t: number, v: typeof breach) => {
      memory = stepSeries(memory, v, t, noPending);
      states.push(memory.state);
    };
    for (const t of [0, 60_000, 120_000, 180_000]) {
      step(t, breach);
      step(t + 30_000, calm);
    }
    expect(states).toEqual(['firing', 'ok', 'firing', 'ok', 'flapping', 'flapping', 'flapping', 'flapping']);
    step(180_000 + defaultEngineOptions.flapWindowMs - 1, calm);
    expect(memory.state).toBe('flapping');
    step(180_000 + defaultEngineOptions.flapWindowMs, calm);
    expect(memory.state).toBe('ok');
  });
});

describe('incident plans', () => {
  const opts = { autoResolve: true, reopenWithinMs: 300_000 };
  it('opens, reopens within the window, and notes a firing on an incident that is still open', () => {
    expect(planIncident('pending', 'firing', null, 0, opts)).toEqual({ action: 'open', flapping: false });
    expect(planIncident('ok', 'firing', { open: false, resolvedAt: 0 }, 300_000, opts).action).toBe('reopen');
    expect(planIncident('ok', 'firing', { open: false, resolvedAt: 0 }, 300_001, opts).action).toBe('open');
    expect(planIncident('ok', 'flapping', { open: true, resolvedAt: null }, 0, opts)).toEqual({
      action: 'note',
      kind: 'flapping',
      flapping: true,
    });
  });

  it('resolves on clear, or notes it without auto-resolve', () => {
    const open = { open: true, resolvedAt: null };
    expect(planIncident('firing', 'ok', open, 0, opts)).toEqual({ action: 'resolve' });
    expect(planIncident('firing', 'ok', open, 0, { ...opts, autoResolve: false })).toEqual({
      action: 'note',
      kind: 'cleared',
      flapping: false,
    });
    expect(planIncident('firing', 'ok', { open: false, resolvedAt: 0 }, 0, opts)).toEqual({ action: 'none' });
  });
});
