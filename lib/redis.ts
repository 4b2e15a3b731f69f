import type { ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A connection to one Redis or to a Redis Cluster; both take the same commands. */
export type RedisClient = Redis | Cluster;

/** `redis+cluster://[user:password@]host:port,host:port,...`: seed nodes of a Redis Cluster. */
export const clusterUrlPattern =
  /^redis\+cluster:\/\/(?:([^:@/]*):([^@/]*)@)?([^/@]+:\d+(?:,[^/@,]+:\d+)*)\/?$/;

/** True when `url` names a Redis Cluster rather than one Redis. */
export function isClusterUrl(url: string): boolean {
  return url.startsWith('redis+cluster://');
}

/** A hash-tagged prefix (`{pb}`) keeps every key of a queue or script in one cluster slot. */
export function isHashTaggedPrefix(prefix: string): boolean {
  return /^\{[^{}]+\}$/.test(prefix);
}

function parseClusterUrl(url: string) {
  const match = clusterUrlPattern.exec(url);
  if (!match) throw new Error(`not a redis+cluster:// URL: ${url}`);
  const [, username, password, hosts = ''] = match;
  const nodes = hosts.split(',').map((h) => {
    const at = h.lastIndexOf(':');
    return { host: h.slice(0, at), port: Number(h.slice(at + 1)) };
  });
  return {
    nodes,
    auth: {
      ...(username ? { username: decodeURIComponent(username) } : {}),
      ...(password ? { password: decodeURIComponent(password) } : {}),
    },
  };
}

const clusters = new Set<Cluster>();

/**
 * Every Redis connection of the app comes from here: a `Cluster` for a `redis+cluster://` URL, else a
 * `Redis`. `enableOfflineQueue` applies to the whole cluster client; the rest to each node connection.
 */
export function createRedis(
  url: string,
  options: RedisOptions = {},
  clusterOptions: Pick<ClusterOptions, 'shardedSubscribers'> = {},
): RedisClient {
  return isClusterUrl(url) ? createCluster(url, options, clusterOptions) : new Redis(url, options);
}

function createCluster(
  url: string,
  options: RedisOptions,
  clusterOptions: Pick<ClusterOptions, 'shardedSubscribers'> = {},
): Cluster {
  const { nodes, auth } = parseClusterUrl(url);
  const { enableOfflineQueue, ...nodeOptions } = options;
  const cluster = new Cluster(nodes, {
    ...clusterOptions,
    redisOptions: { ...nodeOptions, ...auth },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
  });
  clusters.add(cluster);
  cluster.once('end', () => clusters.delete(cluster));
  return cluster;
}

/**
 * BullMQ's `connection` option: the same options as before for one Redis (BullMQ opens and closes its
 * own connections), a `Cluster` for a cluster (BullMQ takes only an instance for that and leaves it
 * open on close; `disconnectClusters` ends those, at shutdown of the web and worker processes).
 */
export function bullConnection(url: string, options: RedisOptions = {}): ConnectionOptions {
  return isClusterUrl(url) ? createCluster(url, options) : { ...options, url };
}

/** Ends every cluster client this process opened (BullMQ does not close the ones it was given). */
export function disconnectClusters(): void {
  for (const c of clusters) c.disconnect();
  clusters.clear();
}

/**
 * The connections to run a per-node command on (CONFIG, SCAN): every master of a cluster, or the one
 * Redis. A cluster client still connecting is given up to `waitMs` to learn its masters.
 */
export async function masters(redis: RedisClient, waitMs = 5000): Promise<Redis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      }
      redis.once('ready', done);
    });
  }
  return redis.nodes('master');
}

const slotOfKey = new Map<string, number>();

/**
 * Waits (WAIT) until `replicas` replicas have every write this client sent so far to the Redis holding
 * `key`, for up to `timeoutMs`, and answers how many have. On a cluster that is the key's master, over the
 * same node connection the client's own commands to it used; the key's slot is asked once.
 */
export async function waitForReplicas(
  client: RedisClient,
  key: string,
  replicas: number,
  timeoutMs: number,
): Promise<number> {
  if (!(client instanceof Cluster)) return Number(await client.call('WAIT', replicas, timeoutMs));
  let slot = slotOfKey.get(key);
  if (slot === undefined) {
    slot = Number(await client.cluster('KEYSLOT', key));
    slotOfKey.set(key, slot);
  }
  const owner = client.slots[slot]?.[0];
  const node = client.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === owner);
  if (!node) throw new Error(`no connection to the master of slot ${slot} (${owner ?? 'unknown'})`);
  return Number(await node.call('WAIT', replicas, timeoutMs));
}
