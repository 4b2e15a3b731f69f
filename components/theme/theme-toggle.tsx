'use client';

import { useState } from 'react';
import { themeCookieName, type ThemePreference } from './theme-preference';

const next: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };
const labels: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Cycles system → light → dark; the choice is stored in a cookie the root layout reads. */
export function ThemeToggle({ initial }: { initial: ThemePreference }) {
  const [preference, setPreference] = useState<ThemePreference>(initial);

  function cycle() {
    const chosen = next[preference];
    setPreference(chosen);
    const root = document.documentElement;
    if (chosen === 'system') {
      delete root.dataset.theme;
      document.cookie = `${themeCookieName}=; path=/; max-age=0; samesite=lax`;
    } else {
      root.dataset.theme = chosen;
      document.cookie = `${themeCookieName}=${chosen}; path=/; max-age=31536000; samesite=lax`;
    }
  }

  return (
    <button
      type="button"
      className="button button-ghost"
      onClick={cycle}
      title="Switch colour theme (system, light, dark)"
    >
      Theme: {labels[preference]}
    </button>
  );
}
