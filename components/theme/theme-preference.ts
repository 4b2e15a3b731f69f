/** The user's explicit theme choice, kept in a cookie so the server renders the right `data-theme`. */
export type ThemePreference = 'system' | 'light' | 'dark';

export const themeCookieName = 'pb-theme';

export function parseThemePreference(value: string | undefined): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}
