import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { redisDurability } from '@/lib/durability';
import { disconnectClusters } from '@/lib/redis';
import { stampClientAddress } from '@/lib/http/client-address';
import { bootstrap } from './bootstrap';
import { serveIngest } from './ingest-endpoint';
import { logger } from './logger';
import { attachRealtime } from './realtime/socket-server';
import { closeRuntime, runtime } from './runtime';

process.env.PULSEBOARD_PROCESS ??= 'web';
const rt = runtime();
const log = logger();
const dev = rt.env.NODE_ENV === 'development';

await bootstrap(rt);
const durability = await redisDurability(rt.redis);
if (durability.status !== 'ok') log.warn(`durability ${durability.status}: ${durability.detail}`);

const app = next({
  dev,
  dir: path.resolve(import.meta.dirname, '..'),
  hostname: rt.env.HOST,
  port: rt.env.PORT,
});
await app.prepare();
const handle = app.getRequestHandler();
const httpServer = createServer((req, res) => {
  // Hot path: ingest skips Next.js routing (about half the web process's CPU per request).
  if (req.method === 'POST' && (req.url === '/api/v1/events' || req.url?.startsWith('/api/v1/events?'))) {
    void serveIngest(req, res);
    return;
  }
  // Route handlers cannot see the socket: they read the client address from this header (login throttle).
  stampClientAddress(req, rt.env.PULSEBOARD_TRUSTED_PROXIES);
  void handle(req, res);
});

const realtime = await attachRealtime(httpServer, rt);
httpServer.keepAliveTimeout = 65_000;

await new Promise<void>((resolve) => httpServer.listen(rt.env.PORT, rt.env.HOST, resolve));
log.info({ port: rt.env.PORT, dev }, `web listening on http://127.0.0.1:${rt.env.PORT}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: closing sockets and connections`);
  const force = setTimeout(() => process.exit(1), 10_000);
  httpServer.close();
  await realtime.close();
  httpServer.closeAllConnections();
  await closeRuntime();
  disconnectClusters(); // a Redis Cluster's BullMQ connections: BullMQ leaves the clients it was given open
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
