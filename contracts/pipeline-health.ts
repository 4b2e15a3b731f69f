// The answer of GET /api/v1/system/pipeline, read by the console's health page.

export type QueueHealth = {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  /** Dead-lettered jobs (retries used up). */
  failed: number;
  /** Age of the oldest job still waiting, ms; null when none waits. */
  oldestWaitingMs: number | null;
};

/** The pipeline watching itself: GET /api/v1/system/pipeline. Counters are cumulative; rates are the reader's. */
export type PipelineHealth = {
  at: string;
  /** This web process's ingest counters (the ones GET /metrics exposes), since it started. */
  web: {
    startedAt: string;
    accepted: number;
    rejected: number;
    /** Ingest answers by HTTP status, e.g. `{"202": 10, "429": 1}`. */
    requests: Record<string, number>;
  };
  /**
   * What the workers did in the last `windowSeconds` whole seconds (by processing time, every worker
   * counted, exact: each flush adds its own counts after its commit). `processed = stored + duplicates`.
   */
  recent: {
    windowSeconds: number;
    /** Accepted by this web process in the window (from its counter samples, read by read). */
    accepted: number;
    /** Events the workers took off the queue. */
    processed: number;
    /** Stored once each (a de-duplication key claimed). */
    stored: number;
    /** Dropped as repeats of a key seen within the horizon, or of another event in the same batch. */
    duplicates: number;
    /** Stored but past the allowed lateness (counted in `late_events`). */
    late: number;
  };
  queues: QueueHealth[];
  /** Workers with a live heartbeat key and how long ago they last beat (they beat every 3 s). */
  workers: { id: string; lastBeatMs: number }[];
  database: {
    /** One committed transaction that assigns a transaction id (a WAL flush), ms; null when it failed. */
    commitMs: number | null;
    /** Age of the newest 1-second point of the built-in `events` metric, ms (how fresh the charts are). */
    newestPointMs: number | null;
  };
  /** Deliveries updated in the last hour that ended failed or dead, and those still on their way. */
  notifications: { failedLastHour: number; deadLastHour: number; pending: number };
  redis: { ok: boolean; error?: string };
};
