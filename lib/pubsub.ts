import { createRedis, isClusterUrl, type RedisClient } from './redis';
import { incidentsChannel, pointsChannel, surgesChannel } from './redis-names';
import { sentimentChannel } from './sentiment/frames';

/**
 * How frames (points, incidents, surges, sentiment) and the Socket.IO adapter's messages travel:
 * `classic` PUBLISH/SUBSCRIBE, which a Redis Cluster copies to every node; `sharded` SPUBLISH/SSUBSCRIBE
 * (Redis 7), where a channel lives on the master that owns its slot and only that shard carries it.
 */
export type PubSubMode = 'sharded' | 'classic';

/** The mode in use: PULSEBOARD_PUBSUB when set, else sharded on a Redis Cluster and classic on one Redis. */
export function pubsubMode(env: {
  REDIS_URL: string;
  PULSEBOARD_PUBSUB?: PubSubMode | undefined;
}): PubSubMode {
  return env.PULSEBOARD_PUBSUB ?? (isClusterUrl(env.REDIS_URL) ? 'sharded' : 'classic');
}

/**
 * Hash tags of the sharded points channels, one in each sixteenth of the 16,384 slots (computed once with
 * ioredis's `cluster-key-slot`; the test checks them with CLUSTER KEYSLOT), so evenly split masters each
 * own some of them.
 */
// prettier-ignore
export const pointsShardTags = [
  'p60', 'p42', 'p11', 'p3', 'p61', 'p43', 'p10', 'p2',
  'p62', 'p40', 'p13', 'p1', 'p63', 'p41', 'p12', 'p0',
] as const;

/** The key prefix without its braces: a channel keeps its own slot instead of the prefix's one. */
export function bare(prefix: string): string {
  return prefix.replace(/^\{(.*)\}$/, '$1');
}

/** The Redis channels a web process listens on, per kind of frame. */
export type FrameChannels = {
  points: string[];
  incidents: string;
  surges: string;
  sentiment: string;
};

/**
 * The channels of a mode. Classic: the names publishers have always used. Sharded: the points spread
 * over 16 channels with a hash tag each, and one channel per other kind, each in the slot of its own name.
 */
export function frameChannels(prefix: string, mode: PubSubMode): FrameChannels {
  if (mode === 'classic') {
    return {
      points: [pointsChannel(prefix)],
      incidents: incidentsChannel(prefix),
      surges: surgesChannel(prefix),
      sentiment: sentimentChannel(prefix),
    };
  }
  const name = bare(prefix);
  return {
    points: pointsShardTags.map((tag) => `${name}:points:{${tag}}`),
    incidents: `${name}:incidents`,
    surges: `${name}:surges`,
    sentiment: `${name}:sentiment`,
  };
}

/** What publishes frames: a Redis client, or `framePublisher` over one. */
export type FramePublisher = { publish: (channel: string, message: string) => Promise<number> };

/**
 * Publishes frames by their classic channel name (the publishers name `pointsChannel(prefix)` and so on)
 * on the mode's channels. Sharded, each points message takes the next of the points channels in turn:
 * every web process listens on all of them, and the live state keeps the newest value of each point
 * whichever channel brought it, so turn-taking spreads the load evenly whatever the metrics' skew.
 */
export function framePublisher(
  redis: Pick<RedisClient, 'publish' | 'spublish'>,
  options: { prefix: string; mode: PubSubMode },
): FramePublisher {
  if (options.mode === 'classic') return { publish: (channel, message) => redis.publish(channel, message) };
  const channels = frameChannels(options.prefix, 'sharded');
  const classic = frameChannels(options.prefix, 'classic');
  const sharded = new Map([
    [classic.incidents, channels.incidents],
    [classic.surges, channels.surges],
    [classic.sentiment, channels.sentiment],
  ]);
  let turn = 0;
  return {
    publish: async (channel, message) => {
      const target =
        channel === classic.points[0]
          ? channels.points[turn++ % channels.points.length]
          : (sharded.get(channel) ?? channel);
      return Number(await redis.spublish(target ?? channel, message));
    },
  };
}

/**
 * The subscriber connection of a web process. On a Redis Cluster in sharded mode, ioredis keeps one
 * subscriber connection per master (`shardedSubscribers`) and sends each SSUBSCRIBE to its slot's owner.
 */
export function createFrameSubscriber(url: string, mode: PubSubMode): RedisClient {
  return createRedis(
    url,
    { maxRetriesPerRequest: null },
    mode === 'sharded' ? { shardedSubscribers: true } : {},
  );
}

/**
 * Listens on every frame channel; `onMessage` receives the kind of frame (every points shard is `points`).
 * Sharded, the classic channels are listened on too: while workers restart into a new version or mode,
 * the ones still publishing classic frames reach the web processes already listening sharded. Nobody
 * publishing there costs nothing; the web processes restart first.
 */
export async function subscribeFrames(
  subscriber: RedisClient,
  options: { prefix: string; mode: PubSubMode },
  onMessage: (kind: FrameKind, message: string) => void,
): Promise<void> {
  const classic = kindsOf(frameChannels(options.prefix, 'classic'));
  subscriber.on('message', (channel: string, message: string) => {
    const kind = classic.get(channel);
    if (kind) onMessage(kind, message);
  });
  await subscriber.subscribe(...classic.keys());
  if (options.mode === 'classic') return;
  const sharded = kindsOf(frameChannels(options.prefix, 'sharded'));
  subscriber.on('smessage', (channel: string, message: string) => {
    const kind = sharded.get(channel);
    if (kind) onMessage(kind, message);
  });
  // One by one: on a cluster one SSUBSCRIBE may only name channels of one slot.
  await Promise.all([...sharded.keys()].map((channel) => subscriber.ssubscribe(channel)));
}

export type FrameKind = 'points' | 'incidents' | 'surges' | 'sentiment';

function kindsOf(channels: FrameChannels): Map<string, FrameKind> {
  return new Map<string, FrameKind>([
    ...channels.points.map((c) => [c, 'points'] as const),
    [channels.incidents, 'incidents'],
    [channels.surges, 'surges'],
    [channels.sentiment, 'sentiment'],
  ]);
}
