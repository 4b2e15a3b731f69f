import type { SeriesState } from './types';

/** What the engine remembers of a series between evaluations (rule_series_state). */
export type SeriesMemory = {
  state: SeriesState;
  /** When the state began; for `pending`, when the breach began. */
  since: number;
  /** While flapping: whether the condition holds right now. */
  active: boolean;
  /** Epoch ms of the firings inside the flap window. */
  fireTimes: number[];
};

export type Verdict = { breaching: boolean; clear: boolean };

export type EngineOptions = {
  /** Firings within `flapWindowMs` that make a series flapping. @defaultValue 3 */
  flapCount?: number;
  /** The flap window; a flapping series settles after a whole window without a new firing. @defaultValue 900000 */
  flapWindowMs?: number;
  /** A re-fire this soon after its incident resolved reopens that incident. @defaultValue 300000 */
  reopenWithinMs?: number;
};

export const defaultEngineOptions: Required<EngineOptions> = {
  flapCount: 3,
  flapWindowMs: 15 * 60_000,
  reopenWithinMs: 5 * 60_000,
};

export function initialMemory(now: number): SeriesMemory {
  return { state: 'ok', since: now, active: false, fireTimes: [] };
}

/**
 * One evaluation of one series: ok → pending (breaching, for the pending period) → firing → ok once the
 * clear condition holds. The `flapCount`-th firing inside the flap window goes to flapping instead; a
 * flapping series follows its condition silently until a whole window passes without a firing.
 */
export function stepSeries(
  prev: SeriesMemory,
  verdict: Verdict,
  now: number,
  options: { pendingMs: number } & Required<EngineOptions>,
): SeriesMemory {
  const recent = prev.fireTimes.filter((t) => now - t < options.flapWindowMs);
  const fire = (): SeriesMemory => {
    const fireTimes = [...recent, now];
    const state = fireTimes.length >= options.flapCount ? 'flapping' : 'firing';
    return { state, since: now, active: true, fireTimes };
  };
  const ok = (): SeriesMemory => ({ state: 'ok', since: now, active: false, fireTimes: recent });
  switch (prev.state) {
    case 'ok':
      if (!verdict.breaching)
        return recent.length === prev.fireTimes.length ? prev : { ...prev, fireTimes: recent };
      return options.pendingMs > 0
        ? { state: 'pending', since: now, active: false, fireTimes: recent }
        : fire();
    case 'pending':
      if (!verdict.breaching) return ok();
      return now - prev.since >= options.pendingMs ? fire() : prev;
    case 'firing':
      return verdict.clear ? ok() : prev;
    case 'flapping': {
      let { active } = prev;
      let fireTimes = recent;
      if (!active && verdict.breaching) {
        active = true;
        fireTimes = [...recent, now];
      } else if (active && verdict.clear) {
        active = false;
      }
      if (fireTimes.length > 0) return { state: 'flapping', since: prev.since, active, fireTimes };
      return { state: active ? 'firing' : 'ok', since: now, active, fireTimes };
    }
  }
}

/** The series' latest incident, as far as the plan needs it. */
export type IncidentSummary = { open: boolean; resolvedAt: number | null };

export type IncidentPlan =
  | { action: 'open' | 'reopen'; flapping: boolean }
  | { action: 'note'; kind: 'firing' | 'flapping' | 'cleared'; flapping: boolean }
  | { action: 'resolve' }
  | { action: 'none' };

const isFiring = (s: SeriesState) => s === 'firing' || s === 'flapping';

/**
 * What a transition does to the series' incident: a firing opens one, or reopens the last if it resolved
 * within `reopenWithinMs`, or notes the firing on one still open; clearing resolves it (auto-resolve) or
 * notes it. Flapping marks the incident once; the cycles inside it change nothing.
 */
export function planIncident(
  from: SeriesState,
  to: SeriesState,
  latest: IncidentSummary | null,
  now: number,
  options: { autoResolve: boolean; reopenWithinMs: number },
): IncidentPlan {
  if (isFiring(to) && !isFiring(from)) {
    const flapping = to === 'flapping';
    if (latest?.open) return { action: 'note', kind: flapping ? 'flapping' : 'firing', flapping };
    if (latest?.resolvedAt != null && now - latest.resolvedAt <= options.reopenWithinMs) {
      return { action: 'reopen', flapping };
    }
    return { action: 'open', flapping };
  }
  if (!latest?.open) return { action: 'none' };
  if (from === 'flapping' && to === 'firing') return { action: 'note', kind: 'firing', flapping: false };
  if (isFiring(from) && to === 'ok') {
    return options.autoResolve ? { action: 'resolve' } : { action: 'note', kind: 'cleared', flapping: false };
  }
  return { action: 'none' };
}
