import { useSyncExternalStore } from 'react';

// One shared clock for the page: a tick just after each whole second, so every "last N complete
// seconds" computation on the page agrees and the charts slide together.
let now = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
  timer = setTimeout(tick, 1000 - (now % 1000) + 20);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) tick();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

function snapshot(): number {
  // Before the first subscriber the clock is not ticking: answer the current whole second.
  return timer ? now : Math.floor(Date.now() / 1000) * 1000;
}

/** Epoch ms, refreshed once a second; 0 while rendering on the server (nothing time-based shown). */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, () => 0);
}
