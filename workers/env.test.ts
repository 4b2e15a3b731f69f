import { describe, expect, it } from 'vitest';
import { pagerDutyEventsUrl } from '@/lib/env-common';
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

describe('the PagerDuty endpoint', () => {
  it('reads PULSEBOARD_PAGERDUTY_EVENTS_URL, else the older PAGERDUTY_EVENTS_URL, else PagerDuty', () => {
    const parse = (extra: Record<string, string>) =>
      pagerDutyEventsUrl(workerEnvSchema.parse({ ...base, ...extra }));
    expect(parse({})).toBe('https://events.pagerduty.com/v2/enqueue');
    expect(parse({ PAGERDUTY_EVENTS_URL: 'http://old.example/v2/enqueue' })).toBe(
      'http://old.example/v2/enqueue',
    );
    expect(
      parse({
        PAGERDUTY_EVENTS_URL: 'http://old.example/v2/enqueue',
        PULSEBOARD_PAGERDUTY_EVENTS_URL: 'http://new.example/v2/enqueue',
      }),
    ).toBe('http://new.example/v2/enqueue');
    expect(() => parse({ PULSEBOARD_PAGERDUTY_EVENTS_URL: 'not a url' })).toThrow(
      /PULSEBOARD_PAGERDUTY_EVENTS_URL/,
    );
  });
});

describe('PULSEBOARD_WORKER_MAX_JOB_BYTES', () => {
  it('defaults to 8 MiB and refuses a malformed value, naming the variable', () => {
    expect(workerEnvSchema.parse(base).PULSEBOARD_WORKER_MAX_JOB_BYTES).toBe(8 << 20);
    for (const bad of ['plenty', '1024']) {
      const parsed = workerEnvSchema.safeParse({ ...base, PULSEBOARD_WORKER_MAX_JOB_BYTES: bad });
      expect(parsed.error?.issues[0]?.message).toMatch(/PULSEBOARD_WORKER_MAX_JOB_BYTES/);
    }
  });
});
