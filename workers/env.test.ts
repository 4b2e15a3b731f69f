import { describe, expect, it } from 'vitest';
import { linkOrigin, workerEnvSchema } from './env';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  PULSEBOARD_SECRET: 'a-test-secret-of-at-least-32-characters',
};

describe('links in notifications', () => {
  it('point at the port the app runs on when PULSEBOARD_PUBLIC_URL is unset', () => {
    const env = workerEnvSchema.parse({ ...base, PORT: '3190' });
    expect(linkOrigin(env)).toEqual({ url: 'http://localhost:3190', configured: false });
  });

  it('point at PULSEBOARD_PUBLIC_URL when it is set', () => {
    const env = workerEnvSchema.parse({
      ...base,
      PORT: '3190',
      PULSEBOARD_PUBLIC_URL: 'https://ops.example.com',
    });
    expect(linkOrigin(env)).toEqual({ url: 'https://ops.example.com', configured: true });
  });
});
