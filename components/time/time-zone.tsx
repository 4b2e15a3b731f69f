'use client';

import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import {
  browserTimeZone,
  formatAxisTime,
  formatClock,
  formatDateTime,
  formatMoment,
  formatZoneCaption,
  type Instant,
} from '@/lib/time/format';

type Preference = {
  /** The zone the person chose (IANA or `UTC`); null follows the browser. */
  preference: string | null;
  /** Remembers a preference just saved, so every time on screen follows it at once. */
  setPreference: (zone: string | null) => void;
};

const PreferenceContext = createContext<Preference>({ preference: null, setPreference: () => {} });

/** Hands the signed-in person's time-zone preference (read by the layout on the server) to the console. */
export function TimeZoneProvider({
  preference,
  children,
}: {
  preference: string | null;
  children: ReactNode;
}) {
  const [chosen, setPreference] = useState(preference);
  const value = useMemo(() => ({ preference: chosen, setPreference }), [chosen]);
  return <PreferenceContext.Provider value={value}>{children}</PreferenceContext.Provider>;
}

const subscribeNever = () => () => {};
/** The server cannot know the browser's zone: it renders UTC and the browser re-renders in its own. */
const serverZone = () => 'UTC';

/** The browser's own zone (`America/New_York`). */
export function useBrowserTimeZone(): string {
  return useSyncExternalStore(subscribeNever, browserTimeZone, serverZone);
}

export function useTimeZonePreference(): Preference {
  return useContext(PreferenceContext);
}

/** The zone the console shows times in: the person's preference, else their browser's. */
export function useTimeZone(): string {
  const { preference } = useTimeZonePreference();
  const browser = useBrowserTimeZone();
  return preference ?? browser;
}

/** The formatter of lib/time/format.ts bound to the reader's zone. */
export type TimeFormat = {
  zone: string;
  /** `Mar 1, 2030, 7:01:20 AM EST`; `seconds: false` drops the seconds. */
  dateTime: (value: Instant | null | undefined, options?: { seconds?: boolean }) => string;
  /** `7:01:20 AM EST`. */
  clock: (value: Instant | null | undefined, options?: { seconds?: boolean }) => string;
  /** The time alone today, else date and time, with the zone. */
  moment: (value: Instant) => string;
  /** A time-axis tick label, short; the chart's caption names the zone. */
  axis: (ms: number, spanMs: number) => string;
  /** `Times in America/New_York (EST)`. */
  caption: (at?: number, noun?: string) => string;
};

export function timeFormatIn(zone: string): TimeFormat {
  return {
    zone,
    dateTime: (value, options) => formatDateTime(value, zone, options),
    clock: (value, options) => formatClock(value, zone, options),
    moment: (value) => formatMoment(value, zone, Date.now()),
    axis: (ms, spanMs) => formatAxisTime(ms, zone, spanMs),
    caption: (at = Date.now(), noun) => formatZoneCaption(zone, at, { noun }),
  };
}

/** Every time the console shows goes through this: the reader's zone, named. */
export function useTimeFormat(): TimeFormat {
  const zone = useTimeZone();
  return useMemo(() => timeFormatIn(zone), [zone]);
}
