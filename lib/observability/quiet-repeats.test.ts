import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietRepeats, type LogLevel } from './quiet-repeats';

type Line = { level: LogLevel; msg: string; extra: Record<string, unknown> };

function setUp(windowMs = 60_000) {
  const lines: Line[] = [];
  let clock = 1_000_000;
  const log = quietRepeats((level, msg, extra = {}) => lines.push({ level, msg, extra }), {
    windowMs,
    now: () => clock,
  });
  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };
  return { lines, log, advance };
}

const refused = { error: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' };

describe('quietRepeats', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a repeated failure once per window and then how many times it recurred', () => {
    vi.useFakeTimers();
    const { lines, log, advance } = setUp();
    for (let i = 0; i < 240; i++) {
      log('warn', 'ingest job failed; it will be retried', { queue: 'ingest', jobId: String(i), ...refused });
      advance(250);
    }
    // 60 s of failures every 250 ms: the first line, then one line with the count of the 239 others.
    expect(lines).toHaveLength(2);
    expect(lines[0]!.extra).toEqual({ queue: 'ingest', jobId: '0', ...refused });
    expect(lines[1]!.extra).toMatchObject({ queue: 'ingest', jobId: '239', repeated: 239, ...refused });
    expect(lines[1]!.extra.repeatedSince).toBe(new Date(1_000_000).toISOString());
    advance(120_000);
    expect(lines).toHaveLength(2); // nothing more to say once it stopped
    log('warn', 'ingest job failed; it will be retried', { queue: 'ingest', jobId: '500', ...refused });
    expect(lines).toHaveLength(3); // failing again later is news
    expect(lines[2]!.extra.repeated).toBeUndefined();
    log.close();
  });

  it('tells different failures apart: another error, another rule, another level', () => {
    vi.useFakeTimers();
    const { lines, log } = setUp();
    log('warn', 'rule evaluation failed', { ruleId: 'a', ...refused });
    log('warn', 'rule evaluation failed', { ruleId: 'a', ...refused });
    log('warn', 'rule evaluation failed', { ruleId: 'b', ...refused });
    log('warn', 'rule evaluation failed', { ruleId: 'a', error: 'division by zero', code: '22012' });
    log('error', 'rule evaluation failed', { ruleId: 'a', ...refused });
    expect(lines.map((l) => [l.level, l.extra.ruleId, l.extra.code])).toEqual([
      ['warn', 'a', 'ECONNREFUSED'],
      ['warn', 'b', 'ECONNREFUSED'],
      ['warn', 'a', '22012'],
      ['error', 'a', 'ECONNREFUSED'],
    ]);
    log.close();
    // The one repeat still counted is written at close.
    expect(lines[4]).toMatchObject({ msg: 'rule evaluation failed', extra: { ruleId: 'a', repeated: 1 } });
  });

  it('passes info lines through', () => {
    vi.useFakeTimers();
    const { lines, log } = setUp();
    log('info', 'rule evaluates again', { ruleId: 'a' });
    log('info', 'rule evaluates again', { ruleId: 'a' });
    expect(lines).toHaveLength(2);
    log.close();
  });

  it('writes a count that the timer has not written yet with the next line after the window', () => {
    const lines: Line[] = [];
    let clock = 0;
    // No timers: the count travels with the next line.
    const log = quietRepeats((level, msg, extra = {}) => lines.push({ level, msg, extra }), {
      windowMs: 1_000,
      now: () => clock,
    });
    log('warn', 'notify outbox failed', refused);
    clock = 500;
    log('warn', 'notify outbox failed', refused);
    log('warn', 'notify outbox failed', refused);
    clock = 1_500;
    log('warn', 'notify outbox failed', refused);
    expect(lines.map((l) => l.extra.repeated)).toEqual([undefined, 2]);
    log.close();
  });
});
