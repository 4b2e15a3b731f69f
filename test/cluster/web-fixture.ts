import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { attachRealtime } from '@/server/realtime/socket-server';
import { runtime } from '@/server/runtime';

export type Web = { server: Server; realtime: Awaited<ReturnType<typeof attachRealtime>>; url: string };

/**
 * Points this test process's web runtime (server/runtime.ts) at a database and a Redis (Cluster) URL, as a
 * web process's environment would, and waits for its Redis client.
 */
export async function useWebRuntime(env: { databaseUrl: string; redisUrl: string; prefix: string }) {
  Object.assign(process.env, {
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
    PULSEBOARD_REDIS_PREFIX: env.prefix,
    PULSEBOARD_DEMO: 'off',
  });
  const rt = runtime();
  if (rt.redis.status !== 'ready') await once(rt.redis, 'ready');
  return rt;
}

/** Socket.IO servers on that runtime, each as one web process's, and the sockets opened on them. */
export class TestWebs {
  readonly list: Web[] = [];
  readonly sockets: Socket[] = [];

  async start(count: number): Promise<Web[]> {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      const realtime = await attachRealtime(server, runtime());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.list.push({ server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    }
    return this.list;
  }

  /** A connected socket, signed in by an API token or a session cookie. */
  async openSocket(web: Web, credentials: { token: string } | { cookie: string }): Promise<Socket> {
    const socket = connect(web.url, {
      transports: ['websocket'],
      reconnection: false,
      ...('token' in credentials
        ? { auth: { token: credentials.token } }
        : { extraHeaders: { cookie: `pb_session=${credentials.cookie}` } }),
    });
    this.sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    return socket;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.close();
    for (const web of this.list) {
      await web.realtime.close();
      web.server.close();
    }
  }
}
