// A private Redis Cluster for tests: `masters` redis-server masters with `replicasPerMaster` replicas each,
// AOF on, on ports of their own, in a temporary directory; stopped (SIGKILL) and removed by `stop`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type ClusterNode = { port: number; process: ChildProcess; client: Redis };

export type RedisClusterOptions = {
  /** First port; the nodes take the next ones (bus ports are +10000). */
  basePort: number;
  masters: number;
  /** @defaultValue 0 */
  replicasPerMaster?: number;
  /** The AOF fsync policy. @defaultValue `everysec` (what `npm start` runs) */
  appendfsync?: 'always' | 'everysec';
};

export class PrivateRedisCluster {
  readonly nodes: ClusterNode[] = [];
  readonly dir = mkdtempSync(path.join(tmpdir(), 'pb-cluster-'));

  private constructor(private readonly options: RedisClusterOptions) {}

  /** Starts the nodes, creates the cluster and waits until every node sees it whole and replicas synced. */
  static async start(options: RedisClusterOptions): Promise<PrivateRedisCluster> {
    const cluster = new PrivateRedisCluster(options);
    try {
      await cluster.create();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** `redis+cluster://` with every node as a seed. */
  get url(): string {
    return `redis+cluster://${this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`;
  }

  private async create(): Promise<void> {
    const replicas = this.options.replicasPerMaster ?? 0;
    const count = this.options.masters * (1 + replicas);
    const ports = Array.from({ length: count }, (_, i) => this.options.basePort + i);
    await Promise.all(ports.map((port) => this.startNode(port)));
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create: ${created.stdout}${created.stderr}`);
    const deadline = Date.now() + 30_000;
    for (const node of this.nodes) {
      for (;;) {
        const info = await node.client.cluster('INFO');
        const replication = await node.client.info('replication');
        const synced = !/role:slave/.test(replication) || /master_link_status:up/.test(replication);
        if (/cluster_state:ok/.test(info) && synced) break;
        if (Date.now() > deadline) throw new Error(`cluster node ${node.port} not ready: ${info}`);
        await sleep(100);
      }
    }
  }

  private spawnNode(port: number): ChildProcess {
    return spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--save', ''],
        ...['--appendonly', 'yes', '--appendfsync', this.options.appendfsync ?? 'everysec'],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', path.join(this.dir, `nodes-${port}.conf`)],
        // A failed master is replaced within about a second and a half, so tests stay short.
        ...['--cluster-node-timeout', '1500'],
        ...['--dir', this.dir, '--appendfilename', `aof-${port}.aof`, '--appenddirname', `aof-${port}`],
      ],
      { stdio: 'ignore' },
    );
  }

  private async startNode(port: number): Promise<void> {
    const client = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
    client.on('error', () => {}); // refused until the server listens, and after a test kills it
    const node = { port, process: this.spawnNode(port), client };
    this.nodes.push(node);
    await this.waitAnswering(node);
  }

  private async waitAnswering(node: ClusterNode): Promise<void> {
    for (let i = 0; ; i++) {
      if (
        await node.client.ping().then(
          () => true,
          () => false,
        )
      )
        return;
      if (i > 100) throw new Error(`redis-server on ${node.port} did not start`);
      await sleep(50);
    }
  }

  /**
   * Starts a killed node again with its cluster config: it rejoins, as a replica of whichever node took
   * its slots. Resolves once its replication link is up.
   */
  async restart(node: ClusterNode): Promise<void> {
    node.process = this.spawnNode(node.port);
    node.client = new Redis(node.port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
    node.client.on('error', () => {});
    await this.waitAnswering(node);
    const deadline = Date.now() + 30_000;
    while (!/master_link_status:up/.test(await node.client.info('replication'))) {
      if (Date.now() > deadline) throw new Error(`${node.port} did not rejoin as a replica`);
      await sleep(100);
    }
  }

  /** The node's current role, from its own INFO. */
  async role(node: ClusterNode): Promise<'master' | 'slave'> {
    const info = await node.client.info('replication');
    return /role:master/.test(info) ? 'master' : 'slave';
  }

  /** The nodes that are masters now (a failover changes which). */
  async masters(): Promise<ClusterNode[]> {
    const alive = this.nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null);
    const roles = await Promise.all(alive.map((n) => this.role(n)));
    return alive.filter((_, i) => roles[i] === 'master');
  }

  /** The master serving a slot now, as a live node of this cluster sees it. */
  async ownerOf(slot: number): Promise<ClusterNode> {
    const [asker] = await this.masters();
    if (!asker) throw new Error('no master alive');
    const ranges = await asker.client.cluster('SLOTS');
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    const owner = this.nodes.find((n) => n.port === range?.[2]?.[1]);
    if (!owner) throw new Error(`no owner of slot ${slot}`);
    return owner;
  }

  /** The cluster slot of a key (of its first `{...}`), as Redis computes it. */
  async keySlot(key: string): Promise<number> {
    const [asker] = await this.masters();
    if (!asker) throw new Error('no master alive');
    return Number(await asker.client.cluster('KEYSLOT', key));
  }

  /** The replicas of a master, by its node id. */
  async replicasOf(master: ClusterNode): Promise<ClusterNode[]> {
    const id = String(await master.client.cluster('MYID'));
    const found: ClusterNode[] = [];
    for (const node of this.nodes) {
      if (node === master || node.process.exitCode !== null || node.process.signalCode !== null) continue;
      const info = await node.client.info('replication');
      const nodes = String(await node.client.cluster('NODES'));
      const mine = nodes.split('\n').find((l) => l.includes('myself'));
      if (/role:slave/.test(info) && mine?.split(' ')[3] === id) found.push(node);
    }
    return found;
  }

  /**
   * A manual failover: the replica asks its master to stop taking writes, catches up with its replication
   * stream and takes over its slots. Resolves once the replica is master and the old one a replica.
   */
  async failover(replica: ClusterNode, oldMaster: ClusterNode): Promise<void> {
    await replica.client.cluster('FAILOVER');
    const deadline = Date.now() + 20_000;
    while ((await this.role(replica)) !== 'master' || (await this.role(oldMaster)) !== 'slave') {
      if (Date.now() > deadline) throw new Error(`failover to ${replica.port} did not complete`);
      await sleep(50);
    }
  }

  /** SIGKILL: the node gets no chance to write or hand over anything. */
  async kill(node: ClusterNode): Promise<void> {
    node.client.disconnect();
    if (node.process.exitCode === null && node.process.signalCode === null) {
      node.process.kill('SIGKILL');
      await once(node.process, 'exit');
    }
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) node.client.disconnect();
    await Promise.all(this.nodes.map((n) => this.kill(n)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
