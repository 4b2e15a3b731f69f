import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '@/test/db';
import { redisDurability } from './durability';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const dir = mkdtempSync(path.join(tmpdir(), 'pb-aof-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redisDurability', () => {
  it('reports degraded for a Redis that keeps nothing on disk', async () => {
    const redis = new Redis(testRedisUrl);
    const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
    const result = await redisDurability(redis);
    redis.disconnect();
    if (aof === 'yes') expect(result.status).toBe('ok');
    else
      expect(result).toMatchObject({
        status: 'degraded',
        detail: expect.stringMatching(/without AOF/) as unknown,
      });
  });

  it('reports ok for a Redis with AOF and noeviction, as `npm start` runs its own', async () => {
    const port = await freePort();
    const server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory-policy',
        'noeviction',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    try {
      const redis = new Redis({ port, host: '127.0.0.1', retryStrategy: (n) => (n > 50 ? null : 100) });
      redis.on('error', () => {}); // refused until the server listens; the retries cover it
      await redis.ping();
      expect(await redisDurability(redis)).toEqual({
        status: 'ok',
        detail: 'Redis AOF on, appendfsync everysec',
      });
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect((await redisDurability(redis)).status).toBe('degraded');
      redis.disconnect();
    } finally {
      server.kill('SIGKILL');
    }
  });
});
