/** The windows a surge rule may compare demand and supply over, and their length. */
export const surgeWindows = ['1m', '5m', '15m'] as const;
export type SurgeWindow = (typeof surgeWindows)[number];

export const surgeWindowMs: Record<SurgeWindow, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
};
