import type { Server as HttpServer } from 'node:http';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import { actorFromSession, actorFromToken, readCookie, sessionCookieName } from '@/core/auth/sessions';
import type { Actor } from '@/core/auth/context';
import { sha256 } from '@/core/auth/hashing';
import { parseRevocation, revocationsChannel, type Revocation } from '@/core/auth/revocations';
import { logger } from '@/server/logger';
import { findMetrics } from '@/core/queries/metrics/list-metrics';
import type { Runtime } from '@/server/runtime';
import { decodePoints } from '@/lib/metrics/frames';
import { bare, createFrameSubscriber, pubsubMode, subscribeFrames, type PubSubMode } from '@/lib/pubsub';
import { createRedis, type RedisClient } from '@/lib/redis';
import { parseSentimentFrame } from '@/lib/sentiment/frames';
import {
  incidentsRoom,
  surgesRoom,
  sentimentRoom,
  metricRoom,
  maxSeriesPerSocket,
  subscribeSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@/contracts/socket';
import { LivePoints } from './live-points';

type SocketData = {
  actor: Actor;
  /** The stored hash of the session cookie or token the handshake used: a revocation names it. */
  credential: string;
  /** When the handshake began to read the credential, epoch ms. */
  authenticatedFrom: number;
  metricRooms: Set<string>;
};
export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type PbSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** How often coalesced frames go out: a few per second per series at most (DESIGN.md). */
const frameIntervalMs = 100;

export async function attachRealtime(httpServer: HttpServer, rt: Runtime) {
  const prefix = rt.env.PULSEBOARD_REDIS_PREFIX;
  const mode = pubsubMode(rt.env);
  const adapterPub = createRedis(rt.env.REDIS_URL, { maxRetriesPerRequest: null });
  const adapterSub = createFrameSubscriber(rt.env.REDIS_URL, mode);
  const pointsSub = createFrameSubscriber(rt.env.REDIS_URL, mode);
  for (const c of [adapterPub, adapterSub, pointsSub]) c.on('error', () => {});

  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    adapter: socketAdapter(adapterPub, adapterSub, { prefix, mode }),
    connectionStateRecovery: undefined,
  });

  io.use((socket, next) => {
    const from = Date.now();
    authenticate(socket, rt).then(
      (found) => {
        if (!found) return next(new Error('unauthorized'));
        socket.data.actor = found.actor;
        socket.data.credential = found.credential;
        socket.data.authenticatedFrom = from;
        socket.data.metricRooms = new Set();
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error('unauthorized')),
    );
  });

  // Which groupings have watchers on this process, per metric.
  const groupings = new Map<string, Map<string, string[]>>();
  const revocations = new RecentRevocations();
  io.on('connection', (socket: PbSocket) => {
    // A revocation that committed while this handshake read the credential was announced before the
    // socket joined its rooms: it is checked here instead.
    if (revocations.since(socket.data.authenticatedFrom).some((r) => revokes(r, socket.data))) {
      socket.disconnect(true);
      return;
    }
    void socket.join([userRoom(socket.data.actor.userId), credentialRoom(socket.data.credential)]);
    socket.on('subscribe', (payload, ack) => {
      const reply = replier(ack);
      subscribe(socket, payload, groupings, rt).then(reply, (error: unknown) =>
        reply({ ok: false, error: error instanceof Error ? error.message : 'subscribe failed' }),
      );
    });
    socket.on('unsubscribe', (_payload, ack) => {
      const reply = replier(ack);
      for (const room of socket.data.metricRooms) void socket.leave(room);
      socket.data.metricRooms.clear();
      void socket.leave(incidentsRoom);
      void socket.leave(surgesRoom);
      void socket.leave(sentimentRoom);
      reply({ ok: true, metrics: [] });
    });
  });

  const live = new LivePoints((rt.env.PULSEBOARD_LATENESS_SECONDS + 60) * 1000);
  // Incidents come from the rules workers and the API, surge changes from the surge engine, each already
  // in its REST shape.
  await subscribeFrames(pointsSub, { prefix, mode }, (kind, message) => {
    if (kind === 'incidents') return relayIncident(io, message);
    if (kind === 'surges') return relaySurge(io, message);
    if (kind === 'sentiment') return relaySentiment(io, message);
    const receivedAt = Date.now();
    try {
      live.apply(decodePoints(message), receivedAt);
    } catch (error) {
      logger().warn({ err: error }, 'bad points message');
    }
  });

  // Disabled users, logged-out sessions and revoked tokens lose their live sockets at once, on every web
  // process: the NOTIFY comes from the transaction that revoked them (core/auth/revocations.ts).
  // A web process that starts while PostgreSQL is down still starts (handshakes check the database
  // anyway) and keeps trying to listen; postgres.js listens again by itself after a reconnect.
  let revocationListener: { unlisten: () => Promise<void> } | null = null;
  let listenRetry: NodeJS.Timeout | undefined;
  let closing = false;
  // A NOTIFY sent while this process's LISTEN connection was down never arrives (and postgres.js tries to
  // listen again only once after a reconnect): on every (re)listen and once a minute, each connected
  // socket's credential is read again, and a socket whose credential no longer holds is dropped.
  const recheck = () => recheckSockets(io, rt);
  const listenForRevocations = (): Promise<void> =>
    rt.sql
      .listen(
        revocationsChannel,
        (payload) => {
          const revocation = parseRevocation(payload);
          if (!revocation) return logger().warn({ payload }, 'bad revocation message');
          revocations.add(revocation);
          dropRevoked(io, revocation);
        },
        () => void recheck(),
      )
      .then(
        (listener) => {
          if (closing) void listener.unlisten().catch(() => {});
          else revocationListener = listener;
        },
        (error: unknown) => {
          logger().warn({ err: error }, 'cannot listen for revocations yet; retrying');
          if (!closing) listenRetry = setTimeout(() => void listenForRevocations(), 2_000);
        },
      );
  await listenForRevocations();

  const rooms = io.of('/').adapter.rooms;
  const timer = setInterval(() => {
    const frames = live.takeFrames((metric) =>
      [...(groupings.get(metric) ?? new Map<string, string[]>())]
        .filter(([room]) => (rooms.get(room)?.size ?? 0) > 0)
        .map(([room, groupBy]) => ({ room, groupBy })),
    );
    // Every web process receives every point itself, so frames go to local sockets only.
    for (const { room, frame } of frames) io.local.to(room).emit('metric', frame);
  }, frameIntervalMs);
  const housekeeping = setInterval(() => {
    live.evict();
  }, 5_000);
  const credentialSweep = setInterval(() => void recheck(), 60_000);

  return {
    io,
    /** Reads every connected socket's credential again (also run on every (re)listen and each minute). */
    recheck,
    async close() {
      clearInterval(timer);
      clearInterval(housekeeping);
      clearInterval(credentialSweep);
      closing = true;
      clearTimeout(listenRetry);
      await revocationListener?.unlisten().catch(() => {});
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      // The adapter does not await the PUBLISH and UNSUBSCRIBEs it sends while closing: let their replies
      // land before disconnecting rejects them unhandled (frequent on a cluster, where they take more hops).
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const c of [adapterPub, adapterSub, pointsSub]) c.disconnect();
    },
  };
}

/**
 * The Socket.IO adapter of the pub/sub mode. Sharded, its channels carry the prefix without braces, so
 * the namespace channel and each room's channel ("dynamic" mode: a broadcast to one room reaches only
 * the servers with sockets in it) hash to slots of their own.
 */
function socketAdapter(pub: RedisClient, sub: RedisClient, options: { prefix: string; mode: PubSubMode }) {
  return options.mode === 'sharded'
    ? createShardedAdapter(pub, sub, {
        channelPrefix: `${bare(options.prefix)}:socket.io`,
        subscriptionMode: 'dynamic',
      })
    : createAdapter(pub, sub, { key: `${options.prefix}:socket.io` });
}

async function authenticate(
  socket: PbSocket,
  rt: Runtime,
): Promise<{ actor: Actor; credential: string } | null> {
  const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
  if (typeof token === 'string' && token) {
    const actor = await actorFromToken(rt.db, token);
    return actor && { actor, credential: sha256(token) };
  }
  const cookie = readCookie(socket.handshake.headers.cookie, sessionCookieName);
  if (!cookie) return null;
  const origin = socket.handshake.headers.origin;
  if (origin && origin !== expectedOrigin(socket, rt)) throw new Error('cross-origin socket refused');
  const actor = await actorFromSession(rt.db, cookie);
  return actor && { actor, credential: sha256(cookie) };
}

const userRoom = (userId: string) => `user:${userId}`;
const credentialRoom = (hash: string) => `credential:${hash}`;

/** Whether a revocation ends the credential a socket was opened with. */
function revokes(revocation: Revocation, data: SocketData): boolean {
  if ('credential' in revocation) return revocation.credential === data.credential;
  if (revocation.userId !== data.actor.userId) return false;
  if (data.actor.via === 'token') return revocation.tokens;
  return revocation.keepSession !== data.credential;
}

/**
 * Drops this process's sockets whose session or token no longer authenticates (ended, revoked, user
 * disabled) and gives the others their user's current role. Stops at the first database error: the next
 * sweep tries again.
 */
async function recheckSockets(io: RealtimeServer, rt: Runtime): Promise<void> {
  for (const socket of [...io.of('/').sockets.values()]) {
    let found: Awaited<ReturnType<typeof authenticate>>;
    try {
      found = await authenticate(socket, rt);
    } catch {
      return;
    }
    if (!found || found.credential !== socket.data.credential) socket.disconnect(true);
    else socket.data.actor = found.actor;
  }
}

/** Disconnects this process's sockets that a revocation ends (each web process receives it itself). */
function dropRevoked(io: RealtimeServer, revocation: Revocation): void {
  const nsp = io.of('/');
  const room =
    'credential' in revocation ? credentialRoom(revocation.credential) : userRoom(revocation.userId);
  for (const id of [...(nsp.adapter.rooms.get(room) ?? [])]) {
    const socket = nsp.sockets.get(id);
    if (socket && revokes(revocation, socket.data)) socket.disconnect(true);
  }
}

/** Revocations of the last minute, for handshakes that were under way when one arrived. */
class RecentRevocations {
  private entries: { at: number; revocation: Revocation }[] = [];

  add(revocation: Revocation): void {
    const now = Date.now();
    this.entries = this.entries.filter((e) => now - e.at < 60_000);
    this.entries.push({ at: now, revocation });
  }

  since(from: number): Revocation[] {
    return this.entries.filter((e) => e.at >= from).map((e) => e.revocation);
  }
}

function expectedOrigin(socket: PbSocket, rt: Runtime): string {
  if (rt.env.PULSEBOARD_PUBLIC_URL) return new URL(rt.env.PULSEBOARD_PUBLIC_URL).origin;
  const headers = socket.handshake.headers;
  const proto =
    (headers['x-forwarded-proto'] as string | undefined) ?? (socket.handshake.secure ? 'https' : 'http');
  return `${proto}://${(headers['x-forwarded-host'] as string | undefined) ?? headers.host ?? ''}`;
}

/**
 * The client's acknowledgement callback, when it asked for one: a client may send any value in its
 * place, and calling it would throw where nothing catches it (an unhandled rejection ends the process).
 */
function replier(ack: unknown): (result: SubscribeAck) => void {
  return typeof ack === 'function'
    ? (result) => void (ack as (r: SubscribeAck) => unknown)(result)
    : () => {};
}

async function subscribe(
  socket: PbSocket,
  payload: unknown,
  groupings: Map<string, Map<string, string[]>>,
  rt: Runtime,
): Promise<SubscribeAck> {
  const parsed = subscribeSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid subscribe' };
  if (parsed.data.incidents) await socket.join(incidentsRoom);
  if (parsed.data.surges) await socket.join(surgesRoom);
  if (parsed.data.sentiment) await socket.join(sentimentRoom);
  // Read afresh (one indexed read): a metric created a moment ago is there, a deleted one is not.
  const catalogue = await findMetrics(
    rt.db,
    parsed.data.metrics.map((e) => (typeof e === 'string' ? e : e.name)),
  );
  const accepted: { name: string; groupBy: string[] }[] = [];
  const refused: string[] = [];
  for (const entry of parsed.data.metrics) {
    const name = typeof entry === 'string' ? entry : entry.name;
    const metric = catalogue.find((m) => m.name === name);
    const groupBy =
      !metric || typeof entry === 'string' || !entry.groupBy ? (metric?.defaultGroupBy ?? []) : entry.groupBy;
    const unknown = groupBy.find((d) => !metric?.dimensions.includes(d));
    if (!metric || unknown !== undefined) {
      // One bad entry does not cost the others their subscription.
      refused.push(metric ? `metric ${name} cannot be grouped by ${unknown}` : `no metric named ${name}`);
      continue;
    }
    const room = metricRoom(name, groupBy);
    if (!socket.data.metricRooms.has(room) && socket.data.metricRooms.size >= maxSeriesPerSocket) {
      refused.push(`a connection watches at most ${maxSeriesPerSocket} series; unsubscribe first`);
      continue;
    }
    let byRoom = groupings.get(name);
    if (!byRoom) groupings.set(name, (byRoom = new Map<string, string[]>()));
    byRoom.set(room, [...groupBy].sort());
    await socket.join(room);
    socket.data.metricRooms.add(room);
    accepted.push({ name, groupBy });
  }
  if (accepted.length === 0 && refused.length > 0) return { ok: false, error: refused.join('; ') };
  return { ok: true, metrics: accepted, ...(refused.length > 0 ? { refused } : {}) };
}

/** Every web process receives every incident itself, so it goes to local sockets only. */
function relayIncident(io: RealtimeServer, message: string): void {
  try {
    io.local.to(incidentsRoom).emit('incident', JSON.parse(message) as Record<string, unknown>);
  } catch (error) {
    logger().warn({ err: error }, 'bad incident message');
  }
}

/** Surge multiplier changes from the workers, relayed like incidents: each web process to its own sockets. */
function relaySurge(io: RealtimeServer, message: string): void {
  try {
    io.local.to(surgesRoom).emit('surge', JSON.parse(message) as Record<string, unknown>);
  } catch (error) {
    logger().warn({ err: error }, 'bad surge message');
  }
}

/** Negative texts the ingest workers just stored (lib/sentiment/frames.ts), relayed to local sockets. */
function relaySentiment(io: RealtimeServer, message: string): void {
  try {
    const frame = parseSentimentFrame(JSON.parse(message));
    if (frame) io.local.to(sentimentRoom).emit('sentiment', frame);
  } catch (error) {
    logger().warn({ err: error }, 'bad sentiment message');
  }
}
