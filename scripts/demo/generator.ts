import {
  chance,
  createRng,
  integer,
  logNormal,
  normal,
  pick,
  poisson,
  shuffled,
  uniform,
  weighted,
  type Rng,
} from './random';
import { reviewText, supportTicketText, ticketTopics, type TicketTopic, type Tone } from './texts';

/**
 * The demo traffic model: two products (a shop and a ride-hailing app), their API, their customers' voice
 * and deploys, with a daily rhythm and injected incidents. Pure: the same seed, start clock and sequence of
 * ticks give the same events.
 */

export type PropValue = string | number | boolean;

/** One event in the public ingest contract's shape (DESIGN.md, `POST /api/v1/events`). */
export type DemoEvent = {
  id: string;
  type: string;
  ts: string;
  user?: string;
  value?: number;
  text?: string;
  props: Record<string, PropValue>;
};

export const incidentKinds = ['api_error_burst', 'zone_surge', 'checkout_outage', 'ticket_wave'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

/** An injected incident; `target` is the endpoint, zone, `checkout`, or ticket topic it hits. */
export type Incident = { kind: IncidentKind; target: string; startMs: number; endMs: number };

/**
 * The first incidents of every run, at fixed offsets from the start, so a newcomer sees the demo rules
 * (server/services/demo/demo-items.ts) fire within minutes: an API error burst that the p95 and error
 * rate rules catch, then a surge in the busiest zone. Random incidents follow 8–17 minutes later.
 */
export const openingIncidents: readonly {
  kind: IncidentKind;
  target: string;
  atMs: number;
  forMs: number;
}[] = [
  { kind: 'api_error_burst', target: '/api/search', atMs: 60_000, forMs: 140_000 },
  { kind: 'zone_surge', target: 'downtown', atMs: 200_000, forMs: 180_000 },
];

export type GeneratorNotice =
  | { kind: 'incident_started' | 'incident_ended'; atMs: number; incident: Incident }
  | { kind: 'deploy'; atMs: number; service: string; version: string };

export type GeneratorOptions = {
  seed: number | string;
  /** Mean events per second at the daily peak. @defaultValue 40 */
  rate?: number;
  /** Start of the simulated clock, epoch ms; the incident and deploy schedules count from it. */
  now: number;
  /** Prefix of every event id, so ids stay unique across runs. @defaultValue `demo-${seed}` */
  runId?: string;
  /** Hour of the day (fractional, 0–24) at an instant. @defaultValue the process's local time */
  hourOf?: (ms: number) => number;
};

export type Generator = {
  /** Events that happened in the `elapsedMs` before `nowMs` (at most 5 s are simulated per tick). */
  tick(nowMs: number, elapsedMs: number): DemoEvent[];
  /** Incident starts and ends and deploys since the last call, for the process log. */
  drainNotices(): GeneratorNotice[];
  /** The incident in progress, if any. */
  readonly incident: Incident | null;
};

export const zones = [
  'downtown',
  'airport',
  'harbor',
  'university',
  'midtown',
  'old-town',
  'riverside',
  'stadium',
] as const;
const zoneWeights: Record<(typeof zones)[number], number> = {
  downtown: 0.22,
  airport: 0.15,
  harbor: 0.1,
  university: 0.12,
  midtown: 0.14,
  'old-town': 0.09,
  riverside: 0.08,
  stadium: 0.1,
};

type Endpoint = {
  endpoint: string;
  method: 'GET' | 'POST';
  app: 'shop' | 'rides';
  weight: number;
  median: number;
};
export const endpoints: readonly Endpoint[] = [
  { endpoint: '/api/products', method: 'GET', app: 'shop', weight: 0.22, median: 45 },
  { endpoint: '/api/search', method: 'GET', app: 'shop', weight: 0.16, median: 90 },
  { endpoint: '/api/cart', method: 'POST', app: 'shop', weight: 0.08, median: 70 },
  { endpoint: '/api/checkout', method: 'POST', app: 'shop', weight: 0.03, median: 210 },
  { endpoint: '/api/login', method: 'POST', app: 'shop', weight: 0.04, median: 120 },
  { endpoint: '/api/rides/quote', method: 'GET', app: 'rides', weight: 0.14, median: 85 },
  { endpoint: '/api/rides/request', method: 'POST', app: 'rides', weight: 0.08, median: 130 },
  { endpoint: '/api/drivers/nearby', method: 'GET', app: 'rides', weight: 0.18, median: 60 },
  { endpoint: '/api/rides/status', method: 'GET', app: 'rides', weight: 0.07, median: 35 },
];
const endpointEntries = endpoints.map((e) => [e, e.weight] as const);

type Product = { name: string; category: string; price: number };
const products: readonly Product[] = [
  { name: 'wireless-earbuds', category: 'electronics', price: 79.99 },
  { name: 'phone-case', category: 'electronics', price: 14.99 },
  { name: 'usb-c-charger', category: 'electronics', price: 24.99 },
  { name: 'smart-watch', category: 'electronics', price: 249 },
  { name: 'bluetooth-speaker', category: 'electronics', price: 59.99 },
  { name: 'running-shoes', category: 'sports', price: 119.95 },
  { name: 'yoga-mat', category: 'sports', price: 29.99 },
  { name: 'water-bottle', category: 'sports', price: 12.5 },
  { name: 'cycling-helmet', category: 'sports', price: 64.9 },
  { name: 'denim-jacket', category: 'apparel', price: 89 },
  { name: 'cotton-t-shirt', category: 'apparel', price: 19.99 },
  { name: 'wool-socks', category: 'apparel', price: 9.99 },
  { name: 'rain-coat', category: 'apparel', price: 129 },
  { name: 'coffee-beans', category: 'grocery', price: 16.49 },
  { name: 'green-tea', category: 'grocery', price: 7.99 },
  { name: 'olive-oil', category: 'grocery', price: 21.9 },
  { name: 'chef-knife', category: 'home', price: 74.5 },
  { name: 'cast-iron-pan', category: 'home', price: 44.99 },
  { name: 'desk-lamp', category: 'home', price: 39.99 },
  { name: 'espresso-machine', category: 'home', price: 349 },
  { name: 'paperback-novel', category: 'books', price: 11.99 },
  { name: 'cookbook', category: 'books', price: 27.5 },
  { name: 'board-game', category: 'toys', price: 34.99 },
  { name: 'building-blocks', category: 'toys', price: 59 },
];
// cheap things sell more often than expensive ones
const productEntries = products.map((p) => [p, 1 / Math.sqrt(p.price)] as const);
const rideProducts = ['rides-standard', 'rides-xl', 'rides-green'] as const;

const countries = [
  ['US', 0.36],
  ['GB', 0.1],
  ['DE', 0.09],
  ['IN', 0.08],
  ['FR', 0.06],
  ['CA', 0.06],
  ['BR', 0.06],
  ['ES', 0.05],
  ['JP', 0.05],
  ['AU', 0.05],
  ['NL', 0.04],
] as const;
const devices = [
  ['mobile', 0.58],
  ['desktop', 0.36],
  ['tablet', 0.06],
] as const;
const pages = [
  ['home', 0.22],
  ['category', 0.2],
  ['product', 0.34],
  ['search', 0.1],
  ['cart', 0.07],
  ['checkout', 0.03],
  ['account', 0.04],
] as const;
const payments = [
  ['card', 0.62],
  ['paypal', 0.18],
  ['apple_pay', 0.12],
  ['google_pay', 0.08],
] as const;
const topicWeights: readonly (readonly [TicketTopic, number])[] = [
  ['payments', 0.22],
  ['delivery', 0.28],
  ['login', 0.15],
  ['driver', 0.2],
  ['app-crash', 0.15],
];
const deployServices = ['web', 'api', 'checkout', 'search', 'dispatch', 'payments'] as const;

/** Each rate-driven stream's share of the traffic at the peak; purchases are ~2.5% of page views. */
const rawShares = {
  page_view: 0.36,
  search: 0.075,
  cart_add: 0.03,
  purchase: 0.009,
  ride_request: 0.13,
  api_request: 0.38,
  support_ticket: 0.003,
  review: 0.004,
};
type Stream = keyof typeof rawShares;
const shareTotal = Object.values(rawShares).reduce((a, b) => a + b, 0);
const shares = Object.fromEntries(Object.entries(rawShares).map(([k, v]) => [k, v / shareTotal])) as Record<
  Stream,
  number
>;

const minute = 60_000;
const baseErrorRate = 0.005;
const lateShare = 0.005;
const driverReportMs = 5_000;

/**
 * Traffic multiplier by hour of the day: ~0.25 at night, 1.0 at the late-morning (11:00) and evening
 * (19:30) peaks, a lull in the afternoon. Two circular Gaussian bumps, so it is smooth around midnight too.
 */
export function dailyMultiplier(hour: number): number {
  const bump = (centre: number, width: number): number => {
    const d = Math.abs(hour - centre) % 24;
    const distance = Math.min(d, 24 - d);
    return Math.exp(-(distance * distance) / (2 * width * width));
  };
  const busy = 1 - (1 - bump(11, 2.2)) * (1 - bump(19.5, 2.2));
  return 0.25 + 0.75 * busy;
}

function localHour(ms: number): number {
  const d = new Date(ms);
  return d.getHours() + d.getMinutes() / 60 + d.getSeconds() / 3600;
}

type Draft = Omit<DemoEvent, 'id' | 'ts'> & { tsMs: number };
type Session = { user: string; device: string; country: string };
type CartLine = { user: string; product: Product };
type ZoneState = { balance: number; drivers: number; nextReportMs: number };

export function createGenerator(options: GeneratorOptions): Generator {
  const rng: Rng = createRng(options.seed);
  const rate = options.rate ?? 40;
  const runId = options.runId ?? `demo-${String(options.seed)}`;
  const hourOf = options.hourOf ?? localHour;
  const start = options.now;

  let counter = 0;
  let noise = 0; // log of a slowly drifting traffic multiplier (Ornstein–Uhlenbeck)
  let incident: Incident | null = null;
  let kindBag: IncidentKind[] = [];
  const opening = openingIncidents.map((o) => ({ ...o }));
  let nextIncidentMs = start + (opening[0]?.atMs ?? uniform(rng, 5, 10) * minute);
  let nextDeployMs = start + uniform(rng, 3, 10) * minute;
  let notices: GeneratorNotice[] = [];
  const versions = new Map<string, [number, number, number]>(
    deployServices.map((s) => [s, [integer(rng, 1, 3), integer(rng, 0, 30), integer(rng, 0, 9)]]),
  );
  const sessions: Session[] = Array.from({ length: 400 }, () => newSession(rng));
  const carts: CartLine[] = [];
  const zoneState = new Map<string, ZoneState>();
  for (const zone of zones) {
    const drivers = demandPerMinute(zone, start);
    // Every zone reports its drivers in the first tick: a surge rule reads demand without supply as unbounded.
    zoneState.set(zone, { balance: 1, drivers, nextReportMs: start });
  }

  /** Expected ride requests per minute in a zone from the daily rhythm alone (no noise, no incident). */
  function demandPerMinute(zone: (typeof zones)[number], ms: number): number {
    return rate * shares.ride_request * dailyMultiplier(hourOf(ms)) * zoneWeights[zone] * 60;
  }

  function updateSchedule(nowMs: number): void {
    if (incident && nowMs >= incident.endMs) {
      notices.push({ kind: 'incident_ended', atMs: nowMs, incident });
      incident = null;
      if (opening.length === 0) nextIncidentMs = nowMs + uniform(rng, 8, 17) * minute;
    }
    if (!incident && nowMs >= nextIncidentMs) {
      const scripted = opening.shift();
      if (scripted) {
        incident = {
          kind: scripted.kind,
          target: scripted.target,
          startMs: nowMs,
          endMs: nowMs + scripted.forMs,
        };
        const next = opening[0];
        if (next) nextIncidentMs = start + next.atMs;
      } else {
        // a shuffled bag: every kind comes up once in any four incidents
        if (kindBag.length === 0) kindBag = shuffled(rng, incidentKinds);
        const kind = kindBag.pop() ?? 'api_error_burst';
        incident = {
          kind,
          target: incidentTarget(kind),
          startMs: nowMs,
          endMs: nowMs + Math.round(incidentMinutes(kind) * minute),
        };
      }
      notices.push({ kind: 'incident_started', atMs: nowMs, incident });
    }
  }

  /** How long an incident lasts; a checkout outage outlasts the demo's 2-minute no-purchases rule. */
  function incidentMinutes(kind: IncidentKind): number {
    return kind === 'checkout_outage' ? uniform(rng, 2.5, 3.5) : uniform(rng, 1, 3);
  }

  function incidentTarget(kind: IncidentKind): string {
    switch (kind) {
      case 'api_error_burst':
        return pick(
          rng,
          endpoints.filter((e) => e.endpoint !== '/api/checkout'),
        ).endpoint;
      case 'zone_surge':
        return pick(rng, zones);
      case 'checkout_outage':
        return 'checkout';
      case 'ticket_wave':
        return pick(rng, ticketTopics);
    }
  }

  function tick(nowMs: number, elapsedMs: number): DemoEvent[] {
    const dtMs = Math.min(Math.max(elapsedMs, 0), 5_000);
    const dt = dtMs / 1000;
    updateSchedule(nowMs);
    noise += (-noise * dt) / 90 + 0.12 * Math.sqrt((2 * dt) / 90) * normal(rng);
    const daily = dailyMultiplier(hourOf(nowMs));
    const perStream = (stream: Stream): number => rate * shares[stream] * daily * Math.exp(noise) * dt;

    const drafts: Draft[] = [];
    const at = (): number => {
      if (chance(rng, lateShare)) return nowMs - uniform(rng, 10_000, 90_000);
      return nowMs - rng() * Math.min(dtMs, 400);
    };

    const surgeZone = incident?.kind === 'zone_surge' ? incident.target : null;
    const checkoutDown = incident?.kind === 'checkout_outage';
    const burstEndpoint = incident?.kind === 'api_error_burst' ? incident.target : null;

    for (let n = poisson(rng, perStream('page_view')); n > 0; n--) {
      const s = session();
      drafts.push({
        type: 'page_view',
        tsMs: at(),
        user: s.user,
        props: { app: 'shop', page: weighted(rng, pages), device: s.device, country: s.country },
      });
    }
    for (let n = poisson(rng, perStream('search')); n > 0; n--) {
      const zero = chance(rng, 0.08);
      drafts.push({
        type: 'search',
        tsMs: at(),
        user: session().user,
        props: {
          app: 'shop',
          query_len: Math.min(80, Math.max(1, Math.round(logNormal(rng, 12, 0.5)))),
          results: zero ? 0 : Math.min(1000, Math.max(1, Math.round(logNormal(rng, 40, 1)))),
        },
      });
    }
    for (let n = poisson(rng, perStream('cart_add')); n > 0; n--) {
      const product = weighted(rng, productEntries);
      const user = session().user;
      carts.push({ user, product });
      if (carts.length > 500) carts.shift();
      drafts.push({
        type: 'cart_add',
        tsMs: at(),
        user,
        value: product.price,
        props: { app: 'shop', product: product.name, category: product.category },
      });
    }
    for (let n = poisson(rng, checkoutDown ? 0 : perStream('purchase')); n > 0; n--) {
      // most purchases complete a cart someone filled a moment ago
      const line =
        carts.length > 0 && chance(rng, 0.9)
          ? carts.splice(integer(rng, 0, carts.length - 1), 1)[0]
          : undefined;
      const product = line?.product ?? weighted(rng, productEntries);
      const quantity = weighted(rng, [
        [1, 0.8],
        [2, 0.15],
        [3, 0.05],
      ] as const);
      const amount = Math.min(500, Math.max(5, product.price * quantity));
      drafts.push({
        type: 'purchase',
        tsMs: at(),
        user: line?.user ?? session().user,
        value: Math.round(amount * 100) / 100,
        props: {
          app: 'shop',
          product: product.name,
          category: product.category,
          currency: 'USD',
          payment: weighted(rng, payments),
        },
      });
    }

    // rides: demand per zone, and a driver count per zone that follows the expected demand slowly
    const ridesLambda = perStream('ride_request');
    const smoothing = 1 - Math.exp(-dt / 45);
    for (const zone of zones) {
      const surging = zone === surgeZone;
      for (let n = poisson(rng, ridesLambda * zoneWeights[zone] * (surging ? 4 : 1)); n > 0; n--) {
        drafts.push({
          type: 'ride_request',
          tsMs: at(),
          user: `u${integer(rng, 1, 20_000)}`,
          props: { app: 'rides', zone },
        });
      }
      const state = zoneState.get(zone);
      if (!state) continue;
      state.balance += ((1 - state.balance) * dt) / 300 + 0.08 * Math.sqrt((2 * dt) / 300) * normal(rng);
      const target = demandPerMinute(zone, nowMs) * state.balance * (surging ? 0.5 : 1);
      state.drivers += (target - state.drivers) * (surging ? smoothing * 2 : smoothing);
      if (state.nextReportMs < nowMs - 2 * driverReportMs) state.nextReportMs = nowMs;
      while (state.nextReportMs <= nowMs) {
        drafts.push({
          type: 'driver_available',
          tsMs: state.nextReportMs,
          value: Math.max(1, Math.round(state.drivers)),
          props: { app: 'rides', zone },
        });
        state.nextReportMs += uniform(rng, 0.8, 1.2) * driverReportMs;
      }
    }

    for (let n = poisson(rng, perStream('api_request')); n > 0; n--) {
      const e = weighted(rng, endpointEntries);
      const hit = e.endpoint === burstEndpoint || (checkoutDown && e.endpoint === '/api/checkout');
      // a hit endpoint fails 30% of the time and is 12× slower: clearly past the demo rules' thresholds
      const errorRate = hit ? baseErrorRate * 60 : baseErrorRate;
      let latency = logNormal(rng, e.median, 0.45);
      // the long tail (GC pauses, cold caches); rare enough that a quiet endpoint's p95 stays calm
      if (chance(rng, 0.005)) latency *= uniform(rng, 4, 15);
      if (hit) latency *= 12;
      const failed = chance(rng, errorRate);
      const status = failed ? weighted(rng, serverErrors) : okStatus(rng, e);
      const value = Math.round(latency * (failed ? uniform(rng, 1, 3) : 1) * 10) / 10;
      const tsMs = at();
      const user = chance(rng, 0.7) ? `u${integer(rng, 1, 20_000)}` : undefined;
      const props = { app: e.app, endpoint: e.endpoint, method: e.method, status };
      drafts.push({ type: 'api_request', tsMs, value, props, ...(user ? { user } : {}) });
      if (failed) {
        drafts.push({ type: 'api_error', tsMs, value, props: { app: e.app, endpoint: e.endpoint, status } });
      }
    }

    for (let n = poisson(rng, perStream('support_ticket')); n > 0; n--) {
      const tone = weighted(rng, ticketTones);
      drafts.push(ticket(weighted(rng, topicWeights), tone, at(), false));
    }
    if (incident?.kind === 'ticket_wave') {
      // a wave stays visible at night too: at least half the peak's ticket rate, times twelve
      const lambda = rate * shares.support_ticket * 12 * Math.max(daily, 0.5) * dt;
      const topic = incident.target as TicketTopic;
      for (let n = poisson(rng, lambda); n > 0; n--) drafts.push(ticket(topic, 'negative', at(), true));
    }

    for (let n = poisson(rng, perStream('review')); n > 0; n--) {
      const rating = weighted(rng, ratings);
      const shop = chance(rng, 0.7);
      const product = shop ? weighted(rng, productEntries).name : pick(rng, rideProducts);
      const app = shop ? 'shop' : 'rides';
      drafts.push({
        type: 'review',
        tsMs: at(),
        user: `u${integer(rng, 1, 20_000)}`,
        value: rating,
        text: reviewText(rng, app, product, rating),
        props: { app, product },
      });
    }

    if (nowMs >= nextDeployMs) {
      const service = pick(rng, deployServices);
      const version = bump(service);
      drafts.push({ type: 'deploy', tsMs: nowMs, props: { service, version } });
      notices.push({ kind: 'deploy', atMs: nowMs, service, version });
      nextDeployMs = nowMs + uniform(rng, 10, 20) * minute;
    }

    drafts.sort((a, b) => a.tsMs - b.tsMs);
    return drafts.map(({ tsMs, type, ...rest }) => ({
      id: `${runId}-${++counter}`,
      type,
      ts: new Date(Math.floor(tsMs)).toISOString(),
      ...rest,
    }));
  }

  function session(): Session {
    const i = integer(rng, 0, sessions.length - 1);
    if (chance(rng, 0.08)) sessions[i] = newSession(rng);
    return sessions[i] ?? newSession(rng);
  }

  function ticket(topic: TicketTopic, tone: Tone, tsMs: number, angry: boolean): Draft {
    const app =
      topic === 'driver' ? 'rides' : topic === 'delivery' ? 'shop' : chance(rng, 0.6) ? 'shop' : 'rides';
    const priority = angry ? pick(rng, ['high', 'urgent'] as const) : weighted(rng, priorities[tone]);
    return {
      type: 'support_ticket',
      tsMs,
      user: `u${integer(rng, 1, 20_000)}`,
      text: supportTicketText(rng, topic, tone, angry),
      props: { app, topic, priority, channel: weighted(rng, channels) },
    };
  }

  function bump(service: string): string {
    const v = versions.get(service) ?? [1, 0, 0];
    const next: [number, number, number] = chance(rng, 0.2) ? [v[0], v[1] + 1, 0] : [v[0], v[1], v[2] + 1];
    versions.set(service, next);
    return next.join('.');
  }

  return {
    tick,
    drainNotices() {
      const out = notices;
      notices = [];
      return out;
    },
    get incident() {
      return incident;
    },
  };
}

function newSession(rng: Rng): Session {
  return {
    user: `u${integer(rng, 1, 20_000)}`,
    device: weighted(rng, devices),
    country: weighted(rng, countries),
  };
}

function okStatus(rng: Rng, e: Endpoint): number {
  return weighted(rng, e.method === 'GET' ? getStatuses : postStatuses);
}

const serverErrors = [
  [500, 0.4],
  [502, 0.25],
  [503, 0.35],
] as const;
const getStatuses = [
  [200, 0.92],
  [304, 0.05],
  [404, 0.02],
  [400, 0.01],
] as const;
const postStatuses = [
  [201, 0.6],
  [200, 0.35],
  [400, 0.02],
  [401, 0.015],
  [409, 0.015],
] as const;
const ticketTones = [
  ['negative', 0.55],
  ['neutral', 0.33],
  ['positive', 0.12],
] as const;
const priorities: Record<Tone, readonly (readonly ['low' | 'normal' | 'high' | 'urgent', number])[]> = {
  negative: [
    ['normal', 0.45],
    ['high', 0.42],
    ['urgent', 0.13],
  ],
  neutral: [
    ['low', 0.4],
    ['normal', 0.55],
    ['high', 0.05],
  ],
  positive: [
    ['low', 0.8],
    ['normal', 0.2],
  ],
};
const channels = [
  ['email', 0.45],
  ['chat', 0.4],
  ['phone', 0.15],
] as const;
// the J-shaped distribution of real star ratings
const ratings = [
  [5, 0.45],
  [4, 0.22],
  [3, 0.1],
  [2, 0.08],
  [1, 0.15],
] as const;
