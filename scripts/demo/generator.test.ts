import { describe, expect, it } from 'vitest';
import { eventInputSchema } from '@/core/services/events/schemas';
import {
  createGenerator,
  dailyMultiplier,
  incidentKinds,
  openingIncidents,
  type DemoEvent,
  type GeneratorNotice,
  type Incident,
  zones,
} from './generator';

const utcHour = (ms: number): number => {
  const d = new Date(ms);
  return d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
};
const day = Date.UTC(2025, 2, 10);
const hour = 3_600_000;
const tickMs = 250;

/** Drives a generator tick by tick over `minutes` of simulated time, as run.ts does in real time. */
function simulate(
  options: { seed: number | string; rate?: number; startMs: number; minutes: number },
  onTick: (nowMs: number, events: DemoEvent[]) => void,
): GeneratorNotice[] {
  const generator = createGenerator({
    seed: options.seed,
    rate: options.rate ?? 40,
    now: options.startMs,
    hourOf: utcHour,
  });
  const notices: GeneratorNotice[] = [];
  const end = options.startMs + options.minutes * 60_000;
  for (let now = options.startMs + tickMs; now <= end; now += tickMs) {
    onTick(now, generator.tick(now, tickMs));
    notices.push(...generator.drainNotices());
  }
  return notices;
}

const rateDriven = (e: DemoEvent): boolean => e.type !== 'driver_available' && e.type !== 'deploy';

describe('demo traffic over a simulated hour', () => {
  const start = day + 10.5 * hour;
  const events: DemoEvent[] = [];
  const arrivals: number[] = [];
  const notices = simulate({ seed: 'hour', startMs: start, minutes: 60 }, (now, batch) => {
    for (const e of batch) {
      events.push(e);
      arrivals.push(now);
    }
  });
  const count = (type: string): number => events.filter((e) => e.type === type).length;

  it('passes the ingest validator, event by event', () => {
    const failures = events
      .map((e) => ({ e, result: eventInputSchema.safeParse(e) }))
      .filter(({ result }) => !result.success);
    expect(failures.slice(0, 3).map(({ e, result }) => ({ e, issues: result.error?.issues }))).toEqual([]);
    expect(events.every((e) => !('source' in e))).toBe(true);
  });

  it('gives every event its own id', () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('sends about the configured rate at the peak, with every kind of event', () => {
    const perSecond = events.filter(rateDriven).length / 3600;
    expect(perSecond).toBeGreaterThan(28);
    expect(perSecond).toBeLessThan(50);
    for (const type of [
      'page_view',
      'search',
      'cart_add',
      'purchase',
      'ride_request',
      'driver_available',
      'api_request',
      'api_error',
      'support_ticket',
      'review',
      'deploy',
    ]) {
      expect(count(type), type).toBeGreaterThan(0);
    }
  });

  it('follows the shop funnel: views ≫ searches > cart adds > purchases at 1–5% of views', () => {
    const [views, searches, carts, purchases] = ['page_view', 'search', 'cart_add', 'purchase'].map(count);
    expect(views).toBeGreaterThan(3 * (searches ?? 0));
    expect(searches).toBeGreaterThan(carts ?? 0);
    expect(carts).toBeGreaterThan(purchases ?? 0);
    const share = (purchases ?? 0) / (views ?? 1);
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.05);
    const amounts = events.filter((e) => e.type === 'purchase').map((e) => e.value ?? -1);
    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(500);
  });

  it('keeps API errors near 0.5% of requests and latency around 80 ms', () => {
    expect(count('api_error') / count('api_request')).toBeLessThan(0.02);
    const latencies = events
      .filter((e) => e.type === 'api_request')
      .map((e) => e.value ?? 0)
      .sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(50);
    expect(median).toBeLessThan(110);
    expect(latencies[Math.floor(latencies.length * 0.999)]).toBeGreaterThan(4 * median); // the long tail
  });

  it('timestamps events at arrival, a few hundred ms back, and ~0.5% of them 10–90 s late', () => {
    const delays = events.map((e, i) => (arrivals[i] ?? 0) - Date.parse(e.ts));
    expect(delays.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    const late = delays.filter((d) => d >= 10_000);
    expect(late.length / events.length).toBeGreaterThan(0.002);
    expect(late.length / events.length).toBeLessThan(0.01);
    expect(delays.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(90_000);
    expect(delays.filter((d) => d > 1_000 && d < 10_000)).toEqual([]);
  });

  it('reports every zone’s drivers in the first tick, so no zone ever has demand without supply', () => {
    const firstTick = events.filter((_, i) => arrivals[i] === start + tickMs);
    const reported = new Set(firstTick.filter((e) => e.type === 'driver_available').map((e) => e.props.zone));
    expect(reported).toEqual(new Set(zones));
  });

  it('keeps each zone’s demand per minute near its available drivers', () => {
    const surged = new Set(
      notices.flatMap((n) =>
        n.kind === 'incident_started' && n.incident.kind === 'zone_surge' ? [n.incident.target] : [],
      ),
    );
    const calmZones = zones.filter((z) => !surged.has(z));
    expect(calmZones.length).toBeGreaterThanOrEqual(6);
    for (const zone of calmZones) {
      const requests = events.filter((e) => e.type === 'ride_request' && e.props.zone === zone).length;
      const drivers = events.filter((e) => e.type === 'driver_available' && e.props.zone === zone);
      const meanDrivers = drivers.reduce((s, e) => s + (e.value ?? 0), 0) / drivers.length;
      const ratio = requests / 60 / meanDrivers;
      expect(ratio, zone).toBeGreaterThan(0.7);
      expect(ratio, zone).toBeLessThan(1.4);
    }
  });

  it('writes reviews whose rating matches the tone of their text', () => {
    const reviews = events.filter((e) => e.type === 'review');
    const glowing = /\b(love|excellent|fantastic|best|highly recommend)\b/i;
    const scathing = /\b(terrible|worst|awful|do not buy|never again|not happy|disappointing)\b/i;
    for (const r of reviews) {
      if ((r.value ?? 0) <= 2) expect(r.text, r.text).not.toMatch(glowing);
      if ((r.value ?? 0) >= 4) expect(r.text, r.text).not.toMatch(scathing);
    }
    expect(new Set(reviews.map((r) => r.text)).size).toBeGreaterThan(30);
    expect(reviews.some((r) => /not happy/i.test(r.text ?? ''))).toBe(true);
  });

  it('marks deploys with a service and a version every 10–20 minutes', () => {
    const deploys = events.filter((e) => e.type === 'deploy');
    expect(deploys.length).toBeGreaterThanOrEqual(3);
    expect(deploys.length).toBeLessThanOrEqual(6);
    for (const d of deploys) {
      expect(Object.keys(d.props).sort()).toEqual(['service', 'version']);
      expect(d.props.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});

describe('daily rhythm', () => {
  it('is quiet at night and peaks late morning and evening', () => {
    expect(dailyMultiplier(3)).toBeLessThan(0.3);
    expect(dailyMultiplier(11)).toBeGreaterThan(0.98);
    expect(dailyMultiplier(19.5)).toBeGreaterThan(0.98);
    expect(dailyMultiplier(15)).toBeLessThan(0.8);
    for (let h = 0; h < 24; h += 0.25) {
      expect(Math.abs(dailyMultiplier(h + 0.25) - dailyMultiplier(h))).toBeLessThan(0.1); // smooth
    }
  });

  it('sends far fewer events at 3 am than at 11 am', () => {
    const countFrom = (h: number): number => {
      let n = 0;
      simulate({ seed: 'rhythm', startMs: day + h * hour, minutes: 10 }, (_, batch) => {
        n += batch.filter(rateDriven).length;
      });
      return n;
    };
    const night = countFrom(3);
    const morning = countFrom(11);
    expect(night).toBeGreaterThan(0);
    expect(night / morning).toBeLessThan(0.4);
  });
});

describe('injected incidents', () => {
  // Counters per 5-second bucket of arrival time, keyed like `api_error|/api/cart`.
  const bucketMs = 5_000;
  const start = day + 10 * hour;
  const buckets: Map<string, number>[] = [];
  const add = (bucket: Map<string, number>, key: string, n = 1): void => {
    bucket.set(key, (bucket.get(key) ?? 0) + n);
  };
  const notices = simulate({ seed: 'incidents', rate: 60, startMs: start, minutes: 100 }, (now, batch) => {
    const index = Math.floor((now - start - 1) / bucketMs);
    const bucket = (buckets[index] ??= new Map());
    for (const e of batch) {
      const p = e.props;
      if (e.type === 'api_request' || e.type === 'api_error') add(bucket, `${e.type}|${String(p.endpoint)}`);
      if (e.type === 'api_request') add(bucket, `latency|${String(p.endpoint)}`, e.value);
      if (e.type === 'ride_request') add(bucket, `ride_request|${String(p.zone)}`);
      if (e.type === 'driver_available') {
        add(bucket, `drivers|${String(p.zone)}`, e.value);
        add(bucket, `driver_reports|${String(p.zone)}`);
      }
      if (e.type === 'support_ticket') {
        add(bucket, `ticket|${String(p.topic)}`);
        if (p.priority === 'high' || p.priority === 'urgent') add(bucket, `pressing|${String(p.topic)}`);
      }
      if (e.type === 'purchase' || e.type === 'page_view') add(bucket, e.type);
    }
  });
  const allStarted = notices.flatMap((n) => (n.kind === 'incident_started' ? [n.incident] : []));
  // The opening (tested below) comes first; these are the random ones after it.
  const started = allStarted.slice(openingIncidents.length);

  /** Totals over the incident itself, and over as long a calm stretch ending a minute before it. */
  const windows = (
    incident: Incident,
  ): { during: (key: string) => number; before: (key: string) => number } => {
    const sum = (from: number, to: number) => (key: string) => {
      let total = 0;
      for (let i = Math.ceil((from - start) / bucketMs); (i + 1) * bucketMs + start <= to; i++) {
        total += buckets[i]?.get(key) ?? 0;
      }
      return total;
    };
    const length = incident.endMs - incident.startMs;
    return {
      during: sum(incident.startMs, incident.endMs),
      before: sum(incident.startMs - 60_000 - length, incident.startMs - 60_000),
    };
  };
  const first = (kind: Incident['kind']): Incident => {
    const incident = started.find((i) => i.kind === kind);
    if (!incident) throw new Error(`no ${kind} within 100 simulated minutes`);
    return incident;
  };

  it('open with a fixed schedule: an API error burst at 1 minute, a zone surge right after it', () => {
    expect(allStarted.slice(0, openingIncidents.length)).toEqual(
      openingIncidents.map((o) => ({
        kind: o.kind,
        target: o.target,
        startMs: start + o.atMs,
        endMs: start + o.atMs + o.forMs,
      })),
    );
    expect(openingIncidents[0]).toMatchObject({ kind: 'api_error_burst', atMs: 60_000 });
    const lastEnd = (openingIncidents.at(-1)?.atMs ?? 0) + (openingIncidents.at(-1)?.forMs ?? 0);
    expect(lastEnd).toBeLessThanOrEqual(7 * 60_000);
    expect(started[0]!.startMs - (start + lastEnd)).toBeGreaterThanOrEqual(8 * 60_000);
  });

  it('happen one at a time, every 10–20 minutes, each lasting 1–3 minutes (checkout outages 2.5–3.5), every kind within two hours', () => {
    expect(new Set(started.map((i) => i.kind))).toEqual(new Set(incidentKinds));
    for (const [i, incident] of started.entries()) {
      const length = incident.endMs - incident.startMs;
      const outage = incident.kind === 'checkout_outage';
      expect(length).toBeGreaterThanOrEqual(outage ? 150_000 : 60_000);
      expect(length).toBeLessThanOrEqual(outage ? 210_000 : 180_000);
      const next = started[i + 1];
      if (next) {
        expect(next.startMs).toBeGreaterThan(incident.endMs);
        expect(next.startMs - incident.startMs).toBeGreaterThanOrEqual(9 * 60_000);
        expect(next.startMs - incident.startMs).toBeLessThanOrEqual(21 * 60_000);
      }
    }
    const ended = notices.filter((n) => n.kind === 'incident_ended').length;
    expect(ended).toBeGreaterThanOrEqual(started.length - 1);
  });

  it('an API error burst multiplies one endpoint’s errors and latency', () => {
    const incident = first('api_error_burst');
    const { during, before } = windows(incident);
    const e = incident.target;
    expect(during(`api_error|${e}`) / during(`api_request|${e}`)).toBeGreaterThan(0.05);
    expect(before(`api_error|${e}`) / before(`api_request|${e}`)).toBeLessThan(0.02);
    const latency = (w: typeof during): number => w(`latency|${e}`) / w(`api_request|${e}`);
    expect(latency(during) / latency(before)).toBeGreaterThan(3.5);
    const other = e === '/api/products' ? '/api/search' : '/api/products';
    const otherLatency = (w: typeof during): number => w(`latency|${other}`) / w(`api_request|${other}`);
    expect(otherLatency(during) / otherLatency(before)).toBeLessThan(1.5);
    expect(during(`api_error|${other}`) / during(`api_request|${other}`)).toBeLessThan(0.03);
  });

  it('a zone surge quadruples one zone’s ride requests while its drivers drop', () => {
    const incident = first('zone_surge');
    const { during, before } = windows(incident);
    const z = incident.target;
    expect(during(`ride_request|${z}`) / before(`ride_request|${z}`)).toBeGreaterThan(2.8);
    const drivers = (w: typeof during): number => w(`drivers|${z}`) / w(`driver_reports|${z}`);
    expect(drivers(during) / drivers(before)).toBeLessThan(0.85);
    const calmZone = z === 'downtown' ? 'midtown' : 'downtown';
    const calmRatio = during(`ride_request|${calmZone}`) / before(`ride_request|${calmZone}`);
    expect(calmRatio).toBeGreaterThan(0.6);
    expect(calmRatio).toBeLessThan(1.6);
  });

  it('a checkout outage stops purchases (for the demo’s no-purchases rule) but not page views', () => {
    const { during, before } = windows(first('checkout_outage'));
    expect(before('purchase')).toBeGreaterThan(20);
    expect(during('purchase')).toBe(0);
    expect(during('page_view') / before('page_view')).toBeGreaterThan(0.6);
  });

  it('a wave of angry support tickets piles up on one topic', () => {
    const incident = first('ticket_wave');
    const { during, before } = windows(incident);
    const t = incident.target;
    expect(during(`ticket|${t}`)).toBeGreaterThan(5 * (before(`ticket|${t}`) + 1));
    expect(during(`pressing|${t}`) / during(`ticket|${t}`)).toBeGreaterThan(0.8);
  });
});

describe('determinism', () => {
  const run = (seed: string): DemoEvent[] => {
    const out: DemoEvent[] = [];
    simulate({ seed, startMs: day + 9 * hour, minutes: 12 }, (_, batch) => out.push(...batch));
    return out;
  };

  it('gives the same events for the same seed and clock, and different ones for another seed', () => {
    const a = run('same');
    expect(a.length).toBeGreaterThan(1000);
    expect(run('same')).toEqual(a);
    const b = run('other');
    expect(b.slice(0, 50)).not.toEqual(a.slice(0, 50));
  });
});
