import type { NextConfig } from 'next';

// Packages with native code or their own connection pools are loaded by Node at run time, not bundled,
// so the route handlers and the custom server share one instance of each (see server/runtime.ts).
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Responses here are small JSON and live frames; a reverse proxy compresses better than the event loop.
  compress: false,
  serverExternalPackages: [
    'postgres',
    'drizzle-orm',
    'bullmq',
    'ioredis',
    '@node-rs/argon2',
    'pino',
    'socket.io',
    '@socket.io/redis-adapter',
    'prom-client',
  ],
  typedRoutes: false,
  // npm test type-checks the whole tsconfig, route types included (`npm run typecheck` generates them
  // first), before it builds: its build skips the second check and the build cache no later build reads.
  typescript: { ignoreBuildErrors: process.env.PULSEBOARD_BUILD_CHECKED === '1' },
  experimental: { turbopackFileSystemCacheForBuild: process.env.PULSEBOARD_BUILD_CHECKED !== '1' },
  // Pages get their full policy, with a per-request script nonce, from proxy.ts; this one covers the rest.
  headers() {
    return Promise.resolve([
      {
        source: '/:path*',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
          },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ]);
  },
};

export default nextConfig;
