// Types for redis.mjs (documented there).
import type { ExitStatus } from './processes.mjs';

export const LOCAL_REDIS_URL: 'redis://127.0.0.1:6379';
export const PRIVATE_REDIS_PORT: 6390;
export type RedisChoice = {
  url: string;
  source: 'env' | 'local' | 'private';
  stop?: () => Promise<void>;
  exited?: Promise<unknown>;
};
export function resolveRedis(options: {
  env: Record<string, string | undefined>;
  forcePrivate: boolean;
  dataDir: string;
}): Promise<RedisChoice>;
export function redisServerArgs(options: { port: number; dir: string }): string[];
export function startPrivateRedis(options: {
  dataDir: string;
  port?: number;
}): Promise<{ url: string; port: number; stop: () => Promise<void>; exited: Promise<ExitStatus> }>;
