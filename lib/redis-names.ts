/** Names of queues, channels and keys, all under one prefix so test runs and deployments stay apart. */
export const queueNames = {
  ingest: 'ingest',
  maintenance: 'maintenance',
  rules: 'rules',
  notify: 'notify',
} as const;

/** The largest PULSEBOARD_INGEST_PARTITIONS: each partition is a BullMQ queue with its own worker per process. */
export const maxIngestPartitions = 256;

/** Where one ingest partition's BullMQ queue lives: BullMQ's keys are `${prefix}:${name}:...`. */
export type IngestPartitionName = { index: number; prefix: string; name: string };

/**
 * The ingest partitions' queues. One partition keeps the names of an unpartitioned deployment (its queued
 * jobs stay readable). With more, each gets its own hash tag when the prefix is one (`{pb}` → `{pb-ingest-3}`),
 * since a Redis Cluster places a key by its first `{...}`: the partitions then spread over the masters.
 */
export function ingestPartitionNames(prefix: string, count: number): IngestPartitionName[] {
  if (count === 1) return [{ index: 0, prefix, name: queueNames.ingest }];
  const tag = /^\{(.+)\}$/.exec(prefix)?.[1];
  return Array.from({ length: count }, (_, index) => ({
    index,
    prefix: tag === undefined ? prefix : `{${tag}-ingest-${index}}`,
    name: `${queueNames.ingest}-${index}`,
  }));
}

export function pointsChannel(prefix: string): string {
  return `${prefix}:points`;
}
export function workerHeartbeatKey(prefix: string, workerId: string): string {
  return `${prefix}:workers:${workerId}`;
}
export function workerHeartbeatPattern(prefix: string): string {
  return `${prefix}:workers:*`;
}
/** The short lease of the one process that exports the cluster-wide gauges on its `/metrics`. */
export function clusterExporterKey(prefix: string): string {
  return `${prefix}:metrics:cluster-exporter`;
}

/** Incidents as the API returns them, after each change: the rules workers and the web API publish here. */
export function incidentsChannel(prefix: string): string {
  return `${prefix}:incidents`;
}

/** Surge multiplier changes (socket `surge` frames): the surge workers publish here. */
export function surgesChannel(prefix: string): string {
  return `${prefix}:surges`;
}

/** A PagerDuty webhook event id received on a channel, remembered to refuse its replay. */
export function pagerDutyEventKey(prefix: string, channelId: string, eventId: string): string {
  return `${prefix}:pagerduty-events:${channelId}:${eventId}`;
}
