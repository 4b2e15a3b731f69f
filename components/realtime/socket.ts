import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/contracts/socket';
import { getJson } from '@/components/api/fetch-json';
import {
  applyPoints,
  emptySeriesData,
  frameMatches,
  parseMetricFrame,
  pointFromFrame,
  seriesDataFromResponse,
  type MetricFrame,
  type SeriesData,
  type SeriesPoint,
  type SeriesResponse,
} from './series-data';

/** One metric a page wants live, as the `subscribe` event names it. */
export type MetricSubscription = { name: string; groupBy?: string[] };

// The contract's event map: `metric` frames are still checked on receipt (parseMetricFrame).
type PulseSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// ---------------------------------------------------------------------------------------------------
// The socket: one per page, created when the first component needs it.

let socket: PulseSocket | null = null;

function getSocket(): PulseSocket {
  if (socket) return socket;
  const created: PulseSocket = io({ transports: ['websocket'], withCredentials: true });
  // A refused handshake (no session) leaves the socket inactive: it will not retry on its own.
  const notConnected = () => setConnection(created.active && navigator.onLine ? 'reconnecting' : 'offline');
  created.on('connect', onConnect);
  created.on('disconnect', () => {
    incidentsSubscribed = false;
    notConnected();
  });
  created.on('connect_error', notConnected);
  created.on('metric', onMetricFrame);
  created.on('incident', onIncidentFrame);
  created.on('surge', onSurgeFrame);
  created.on('sentiment', onSentimentFrame);
  window.addEventListener('offline', () => setConnection('offline'));
  window.addEventListener('online', () => {
    if (created.connected) return;
    setConnection('reconnecting');
    if (!created.active) created.connect();
  });
  socket = created;
  return created;
}

/** Closes the page's socket (on log-out, so it does not reconnect with a dead session). */
export function disconnectSocket(): void {
  socket?.disconnect();
}

// ---------------------------------------------------------------------------------------------------
// Connection state, for the indicator in the top bar.

export type ConnectionState = 'live' | 'reconnecting' | 'offline';
export type ConnectionSnapshot = { state: ConnectionState; everConnected: boolean };

let connection: ConnectionSnapshot = { state: 'reconnecting', everConnected: false };
const serverConnection: ConnectionSnapshot = connection;
const connectionListeners = new Set<() => void>();

function setConnection(state: ConnectionState): void {
  const everConnected = connection.everConnected || state === 'live';
  if (state === connection.state && everConnected === connection.everConnected) return;
  connection = { state, everConnected };
  for (const listener of connectionListeners) listener();
}

function subscribeConnection(listener: () => void): () => void {
  connectionListeners.add(listener);
  const s = getSocket();
  if (s.connected) setConnection('live');
  return () => {
    connectionListeners.delete(listener);
  };
}

/** `live` while connected, `reconnecting` while Socket.IO retries, `offline` when it has given up. */
export function useConnectionState(): ConnectionSnapshot {
  return useSyncExternalStore(
    subscribeConnection,
    () => connection,
    () => serverConnection,
  );
}

// ---------------------------------------------------------------------------------------------------
// Subscriptions: every metric the page's hooks want, re-sent in full on every (re)connect.

type Channel = {
  name: string;
  groupBy: string[];
  windowMs: number;
  queryKey: readonly unknown[];
  queryClient: QueryClient;
  refs: number;
  /** Frames not yet in the cache, keyed by group and bucket so a newer frame replaces an older one. */
  pending: Map<string, SeriesPoint>;
  timer: ReturnType<typeof setTimeout> | null;
};

const channels = new Map<string, Channel>();

/** Frames are merged into the cache at most this often, so charts re-render at most 4 times a second. */
const flushIntervalMs = 250;

function subscriptionKey(name: string, groupBy: readonly string[]): string {
  return `${name}|${groupBy.join(',')}`;
}

function currentSubscriptions(): Map<string, MetricSubscription> {
  const unique = new Map<string, MetricSubscription>();
  for (const c of channels.values())
    unique.set(subscriptionKey(c.name, c.groupBy), { name: c.name, groupBy: c.groupBy });
  return unique;
}

/** Refused subscriptions waiting to be asked for again, by subscription key. */
const retries = new Map<string, ReturnType<typeof setTimeout>>();
const retryMs = 3_000;

function emitSubscribe(): void {
  const s = socket;
  if (!s?.connected) return;
  // One message per metric: the server stops at the first unknown name in a request (a metric an admin
  // deleted), and that must not keep the page's other metrics from going live.
  for (const [key, metric] of currentSubscriptions()) emitOne(s, key, metric, false);
}

function emitOne(s: PulseSocket, key: string, metric: MetricSubscription, retry: boolean): void {
  s.emit('subscribe', { metrics: [metric] }, (result) => {
    const ok = typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === true;
    if (ok) {
      // Frames flow from now on; what happened before is in the database.
      if (retry) refetchSubscription(key);
      return;
    }
    // Refused: usually a metric created seconds ago that this web process's catalogue cache has not
    // caught up with (or one just deleted). Ask again while a component still wants it.
    if (retries.has(key)) return;
    const timer = setTimeout(() => {
      retries.delete(key);
      const wanted = currentSubscriptions().get(key);
      if (wanted && s.connected) emitOne(s, key, wanted, true);
    }, retryMs);
    retries.set(key, timer);
  });
}

function refetchSubscription(key: string): void {
  for (const c of channels.values()) {
    if (subscriptionKey(c.name, c.groupBy) === key)
      void c.queryClient.invalidateQueries({ queryKey: c.queryKey, exact: true });
  }
}

let hasConnectedBefore = false;

function onConnect(): void {
  setConnection('live');
  emitSubscribe();
  emitIncidentSubscribe();
  for (const listener of incidentListeners) listener.onConnect?.();
  emitSurgeSubscribe();
  for (const listener of surgeListeners) listener.onConnect?.();
  emitSentimentSubscribe();
  for (const listener of sentimentListeners) listener.onConnect?.();
  const reconnect = hasConnectedBefore;
  hasConnectedBefore = true;
  // Back-fill whatever happened while no frames could arrive (or before the first subscribe).
  for (const c of channels.values()) {
    const loaded = (c.queryClient.getQueryState(c.queryKey)?.dataUpdatedAt ?? 0) > 0;
    if (reconnect || loaded) void c.queryClient.invalidateQueries({ queryKey: c.queryKey, exact: true });
  }
}

// Frames received recently, so a series fetch can re-apply what arrived while it was in flight.
type ReceivedFrame = { at: number; frame: MetricFrame };
const recentFrames: ReceivedFrame[] = [];
const recentFramesMs = 60_000;
const recentFramesMax = 20_000;

function rememberFrame(frame: MetricFrame): void {
  const at = performance.now();
  recentFrames.push({ at, frame });
  let drop = 0;
  while (drop < recentFrames.length && (recentFrames[drop]?.at ?? at) < at - recentFramesMs) drop += 1;
  drop = Math.max(drop, recentFrames.length - recentFramesMax);
  if (drop > 0) recentFrames.splice(0, drop);
}

function onMetricFrame(raw: unknown): void {
  const frame = parseMetricFrame(raw);
  if (!frame) return;
  rememberFrame(frame);
  for (const c of channels.values()) {
    if (!frameMatches(frame, c.name, c.groupBy)) continue;
    const point = pointFromFrame(frame);
    c.pending.set(`${point.groupKey}|${point.ts}`, point);
    c.timer ??= setTimeout(() => flushChannel(c), flushIntervalMs);
  }
}

function flushChannel(c: Channel): void {
  c.timer = null;
  if (c.pending.size === 0) return;
  const points = [...c.pending.values()];
  c.pending.clear();
  const oldest = Date.now() - c.windowMs;
  c.queryClient.setQueryData<SeriesData>(c.queryKey, (old) =>
    applyPoints(old ?? emptySeriesData, points, oldest),
  );
}

function acquireChannel(key: string, init: Omit<Channel, 'refs' | 'pending' | 'timer'>): () => void {
  let c = channels.get(key);
  if (!c) {
    c = { ...init, refs: 0, pending: new Map(), timer: null };
    channels.set(key, c);
    getSocket();
    emitSubscribe();
  }
  c.refs += 1;
  const channel = c;
  return () => {
    channel.refs -= 1;
    if (channel.refs > 0) return;
    if (channel.timer) clearTimeout(channel.timer);
    channels.delete(key);
  };
}

// ---------------------------------------------------------------------------------------------------
// useLiveSeries: REST for the window, frames on top.

export type LiveSeriesOptions = {
  /** Metric name, e.g. the built-in `events`. */
  name: string;
  /**
   * Dimensions to split the series by.
   * @defaultValue `[]` (one series)
   */
  groupBy?: readonly string[];
  /**
   * How much history to load and keep.
   * @defaultValue 300000 (5 minutes)
   */
  windowMs?: number;
  /**
   * Load and subscribe at all (false while the metric is not known to exist).
   * @defaultValue true
   */
  enabled?: boolean;
  /**
   * Also re-load the whole window this often, for metrics that get no frames (derived ratios).
   * @defaultValue undefined (frames only)
   */
  refetchIntervalMs?: number;
};

const noDimensions: readonly string[] = [];

async function fetchSeries(
  name: string,
  groupBy: readonly string[],
  windowMs: number,
  signal: AbortSignal,
): Promise<SeriesData> {
  const startedAt = performance.now();
  const to = Date.now() + 1000;
  const params = new URLSearchParams({
    from: new Date(to - windowMs - 1000).toISOString(),
    to: new Date(to).toISOString(),
    step: '1s',
  });
  if (groupBy.length > 0) params.set('group', groupBy.join(','));
  const body = await getJson<SeriesResponse>(
    `/api/v1/metrics/${encodeURIComponent(name)}/series?${params.toString()}`,
    signal,
  );
  // Frames that arrived while the request was in flight may be newer than what the database answered.
  const during: SeriesPoint[] = [];
  for (const { at, frame } of recentFrames) {
    if (at >= startedAt && frameMatches(frame, name, groupBy)) during.push(pointFromFrame(frame));
  }
  return applyPoints(seriesDataFromResponse(body), during, Date.now() - windowMs);
}

/**
 * A metric's last `windowMs` at 1-second steps, kept live: loaded over REST, then every `metric` frame
 * replaces its bucket in the react-query cache; each reconnect re-fetches so the gap is back-filled.
 */
export function useLiveSeries({
  name,
  groupBy = noDimensions,
  windowMs = 300_000,
  enabled = true,
  refetchIntervalMs,
}: LiveSeriesOptions) {
  const queryClient = useQueryClient();
  const groupByKey = groupBy.join(',');
  const queryKey = useMemo(
    () => ['metric-series', name, groupByKey, windowMs] as const,
    [name, groupByKey, windowMs],
  );

  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchSeries(name, groupByKey ? groupByKey.split(',') : [], windowMs, signal),
    // Live frames keep the data fresh; only a reconnect makes it stale.
    staleTime: Infinity,
    structuralSharing: false,
    enabled,
    refetchInterval: refetchIntervalMs ?? false,
  });

  useEffect(() => {
    if (!enabled) return;
    return acquireChannel(JSON.stringify(queryKey), {
      name,
      groupBy: groupByKey ? groupByKey.split(',') : [],
      windowMs,
      queryKey,
      queryClient,
    });
  }, [queryKey, name, groupByKey, windowMs, queryClient, enabled]);

  return query;
}

// ---------------------------------------------------------------------------------------------------
// Incidents: `incident` frames (the incident as the REST API returns it), for every hook that listens.

export type IncidentFrameListener = {
  onFrame: (frame: unknown) => void;
  /** Each (re)connect: frames may have been missed, so re-read what is cached. */
  onConnect?: () => void;
  /**
   * The server has acknowledged this connection's subscription (after each (re)connect, or at once when
   * the listener mounts on a subscribed socket): every frame from now on arrives, so a read made now
   * closes the gap before it.
   */
  onSubscribed?: () => void;
};

const incidentListeners = new Set<IncidentFrameListener>();
/** Whether the server has acknowledged the current connection's incident subscription. */
let incidentsSubscribed = false;

function emitIncidentSubscribe(): void {
  const s = socket;
  if (!s?.connected || incidentListeners.size === 0) return;
  s.emit('subscribe', { metrics: [], incidents: true }, () => {
    if (!s.connected) return;
    incidentsSubscribed = true;
    for (const listener of incidentListeners) listener.onSubscribed?.();
  });
}

function onIncidentFrame(raw: unknown): void {
  for (const listener of incidentListeners) listener.onFrame(raw);
}

/** Calls `listener` for every `incident` frame while the component is mounted (one socket per page). */
export function useIncidentFrames(listener: IncidentFrameListener): void {
  useEffect(() => {
    const first = incidentListeners.size === 0;
    incidentListeners.add(listener);
    getSocket();
    if (first) emitIncidentSubscribe();
    else if (incidentsSubscribed) listener.onSubscribed?.();
    return () => {
      incidentListeners.delete(listener);
    };
  }, [listener]);
}

// ---------------------------------------------------------------------------------------------------
// Surges: `surge` frames (a multiplier change, as GET /api/v1/surges returns it), for every hook that listens.

const surgeListeners = new Set<IncidentFrameListener>();

function emitSurgeSubscribe(): void {
  const s = socket;
  if (!s?.connected || surgeListeners.size === 0) return;
  s.emit('subscribe', { metrics: [], surges: true }, () => undefined);
}

function onSurgeFrame(raw: unknown): void {
  for (const listener of surgeListeners) listener.onFrame(raw);
}

/** Calls `listener` for every `surge` frame while the component is mounted; `onConnect` on each (re)connect. */
export function useSurgeFrames(listener: IncidentFrameListener): void {
  useEffect(() => {
    const first = surgeListeners.size === 0;
    surgeListeners.add(listener);
    getSocket();
    if (first) emitSurgeSubscribe();
    return () => {
      surgeListeners.delete(listener);
    };
  }, [listener]);
}

// ---------------------------------------------------------------------------------------------------
// Sentiment: `sentiment` frames (negative texts as the workers store them), for every hook that listens.

const sentimentListeners = new Set<IncidentFrameListener>();

function emitSentimentSubscribe(): void {
  const s = socket;
  if (!s?.connected || sentimentListeners.size === 0) return;
  s.emit('subscribe', { metrics: [], sentiment: true }, () => undefined);
}

function onSentimentFrame(raw: unknown): void {
  for (const listener of sentimentListeners) listener.onFrame(raw);
}

/** Calls `listener` for every `sentiment` frame while mounted; `onConnect` on each (re)connect. */
export function useSentimentFrames(listener: IncidentFrameListener): void {
  useEffect(() => {
    const first = sentimentListeners.size === 0;
    sentimentListeners.add(listener);
    getSocket();
    if (first) emitSentimentSubscribe();
    return () => {
      sentimentListeners.delete(listener);
    };
  }, [listener]);
}
