/** Names of queues, channels and keys, all under one prefix so test runs and deployments stay apart. */
export const queueNames = {
  ingest: 'ingest',
  maintenance: 'maintenance',
  rules: 'rules',
  notify: 'notify',
} as const;

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
