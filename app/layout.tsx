import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { NoEval } from '@/components/csp/no-eval';
import { Providers } from '@/components/providers';
import { parseThemePreference, themeCookieName } from '@/components/theme/theme-preference';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Pulseboard', template: '%s · Pulseboard' },
  description: 'Real-time operations dashboard: live KPIs, alerts and incidents.',
  icons: {
    icon: `data:image/svg+xml,${encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#2456d6"/><path d="M5 18h6l3-8 4 14 3-6h6" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
    )}`,
  },
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme override lives in a cookie so the first paint is already in the right colours.
  const theme = parseThemePreference((await cookies()).get(themeCookieName)?.value);
  return (
    <html lang="en" data-theme={theme === 'system' ? undefined : theme}>
      <body>
        <NoEval />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
