import { describe, expect, it } from 'vitest';
import { validatePagerDutyEvent } from '@/test/receivers/pagerduty';
import type { NotifyMessage } from './message';
import { judgeAttempt, parseRetryAfter } from './outcome';
import { pagerDutyEvent } from './pagerduty';
import { slackPayload, slackLimits } from './slack';
import { isPrivateAddress } from './ssrf';

const huge = (n: number) => 'x'.repeat(n);
const message = (
  over: Partial<NonNullable<NotifyMessage['incident']>> = {},
  action: NotifyMessage['action'] = 'trigger',
): NotifyMessage => ({
  action,
  at: new Date().toISOString(),
  incident: {
    id: 'i1',
    title: huge(10_000),
    severity: 'critical',
    ruleName: huge(5_000),
    ruleId: 'r1',
    series: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`label${i}`, huge(200)])),
    labels: {},
    value: 12.345678,
    threshold: 10,
    dedupKey: 'pulseboard-i1',
    openedAt: new Date().toISOString(),
    runbookUrl: null,
    ...over,
  },
  links: {
    incident: 'https://pb.example/incidents/i1',
    acknowledge: 'https://pb.example/incidents/i1?ack=1',
  },
});

describe('Slack payload', () => {
  it('stays within Block Kit limits with a huge title and labels', () => {
    const p = slackPayload(message());
    expect(p.blocks.length).toBeLessThanOrEqual(slackLimits.blocks);
    const header = p.blocks[0] as { type: string; text: { text: string } };
    expect(header.type).toBe('header');
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    for (const b of p.blocks) {
      const t = (b as { text?: { text: string } }).text?.text;
      if (b.type === 'section' && t) expect(t.length).toBeLessThanOrEqual(3000);
    }
    expect(p.text.length).toBeGreaterThan(0);
  });
});

describe('PagerDuty event', () => {
  it('maps actions and severities and passes the Events API checks', () => {
    for (const severity of ['critical', 'error', 'warning', 'info'] as const) {
      const e = pagerDutyEvent(message({ severity }), 'K'.repeat(32));
      expect(validatePagerDutyEvent(e)).toEqual([]);
      expect(e.payload!.severity).toBe(severity);
      expect(e.payload!.summary.length).toBeLessThanOrEqual(1024);
    }
    expect(pagerDutyEvent(message({}, 'acknowledge'), 'K'.repeat(32)).event_action).toBe('acknowledge');
    expect(pagerDutyEvent(message({}, 'resolve'), 'K'.repeat(32)).event_action).toBe('resolve');
    expect(pagerDutyEvent(message({}, 'escalate'), 'K'.repeat(32)).event_action).toBe('trigger');
    expect(
      validatePagerDutyEvent({ ...pagerDutyEvent(message(), 'K'.repeat(32)), event_action: 'bogus' }),
    ).not.toEqual([]);
  });
});

describe('retry decisions', () => {
  it('reads Retry-After as seconds or an HTTP date and classifies answers', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now)).toBe(30_000);
    const base = { retryAfter: null, error: null };
    expect(judgeAttempt({ ...base, statusCode: 404 }, 1).kind).toBe('fail');
    expect(judgeAttempt({ ...base, statusCode: 503 }, 1).kind).toBe('retry');
    expect(judgeAttempt({ ...base, statusCode: 503 }, 8).kind).toBe('dead');
    expect(judgeAttempt({ statusCode: 429, retryAfter: '3', error: null }, 1)).toMatchObject({
      kind: 'retry',
      delayMs: 3000,
    });
  });

  it('knows private addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });
});
