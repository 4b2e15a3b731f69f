/** A tier of a surge rule: from this demand ÷ supply ratio, this multiplier (db/schema's `SurgeTier`). */
export type SurgeTier = { ratio: number; multiplier: number };

/** A group's multiplier when no tier applies. */
export const baseMultiplier = 1;

export type SurgeSettings = {
  tiers: readonly SurgeTier[];
  cap: number | null;
  holdSeconds: number;
  cooldownSeconds: number;
};

/** Where a group stands: its multiplier, since when, and when it last changed (null: never). */
export type GroupSurge = { multiplier: number; since: number; lastChangeAt: number | null };

/**
 * Demand over supply and the multiplier it calls for. With no supply, any demand calls for the top tier
 * (the ratio is then null: unbounded); with no demand the ratio is 0.
 */
export function targetFor(
  settings: Pick<SurgeSettings, 'tiers' | 'cap'>,
  demand: number | null,
  supply: number | null,
): { ratio: number | null; multiplier: number } {
  const d = demand ?? 0;
  const s = supply ?? 0;
  const cap = (m: number) => Math.min(m, settings.cap ?? Infinity);
  if (s <= 0) {
    if (d <= 0) return { ratio: 0, multiplier: baseMultiplier };
    const top = settings.tiers[settings.tiers.length - 1];
    return { ratio: null, multiplier: cap(top?.multiplier ?? baseMultiplier) };
  }
  const ratio = d / s;
  let multiplier = baseMultiplier;
  for (const tier of settings.tiers) if (ratio >= tier.ratio) multiplier = tier.multiplier;
  return { ratio, multiplier: cap(multiplier) };
}

/**
 * The group's next multiplier at `now` (ms): up at once, down only after `holdSeconds` at the current
 * multiplier, and never twice within `cooldownSeconds`. Null when it stays.
 */
export function nextMultiplier(
  settings: Pick<SurgeSettings, 'holdSeconds' | 'cooldownSeconds'>,
  current: GroupSurge,
  target: number,
  now: number,
): number | null {
  if (target === current.multiplier) return null;
  if (current.lastChangeAt !== null && now - current.lastChangeAt < settings.cooldownSeconds * 1000) {
    return null;
  }
  if (target < current.multiplier && now - current.since < settings.holdSeconds * 1000) return null;
  return target;
}
