// The real Pulseboard processes for the fault suite, started the way `npm start` starts them
// (scripts/start.mjs: `node --import parent-watch.mjs dist/<entry>.mjs`, NODE_ENV=production, the
// build in .next and dist/), plus a steady event stream and the checks every scenario ends with.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { findFreePort, httpStatus } from '../../scripts/launcher/net.mjs';
import { killOnExit, stopChild } from './services';

const root = path.resolve(import.meta.dirname, '../..');
const parentWatch = pathToFileURL(path.join(root, 'scripts/launcher/parent-watch.mjs')).href;

export const admin = { email: 'faults@pulseboard.test', password: 'faults-admin-password' };
export const ingestKey = 'pbk_faults_ingest_key_0123456789';

/** The JSON lines a process wrote from `since` (epoch ms) on, at a level other than info. */
export function warningsSince(process: AppProcess, since: number): { msg: string; repeated?: number }[] {
  return fs
    .readFileSync(process.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: string; time: string; msg: string; repeated?: number })
    .filter((line) => line.level !== 'info' && Date.parse(line.time) >= since);
}

export type StackConfig = { databaseUrl: string; redisUrl: string; logDir: string; prefix: string };

/** One web or worker process; `restart` starts the same command again (same port for a web process). */
export class AppProcess {
  child: ChildProcess | null = null;
  private forget: (() => void) | null = null;
  private starts = 0;
  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    readonly port: number | null,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port ?? 0}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.starts += 1;
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n=== start ${this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, ['--enable-source-maps', '--import', parentWatch, this.entry], {
      cwd: root,
      env: this.env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    this.forget = killOnExit(this.name, child);
    if (this.port !== null) await this.waitHealthy();
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + 90_000;
    while ((await httpStatus(`${this.url}/api/health`, 1000)) !== 200) {
      if (this.child?.exitCode !== null || this.child.signalCode !== null) {
        const tail = fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-8).join('\n');
        throw new Error(`${this.name} exited at start (${this.logFile}):\n${tail}`);
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not healthy after 90 s; see ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGKILL: the process gets no chance to finish anything. Resolves once it is gone. */
  async kill(): Promise<void> {
    await stopChild(this.child, 'SIGKILL');
    this.forget?.();
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM', 12_000);
    this.forget?.();
  }
}

/** Web and worker processes against one database and one Redis. */
export class Stack {
  readonly web: AppProcess[] = [];
  readonly workers: AppProcess[] = [];
  constructor(readonly config: StackConfig) {}

  private env(extra: Record<string, string>): NodeJS.ProcessEnv {
    const { NODE_OPTIONS: _n, VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, ...base } = process.env;
    return {
      ...base,
      NODE_ENV: 'production',
      DATABASE_URL: this.config.databaseUrl,
      REDIS_URL: this.config.redisUrl,
      PULSEBOARD_REDIS_PREFIX: this.config.prefix,
      PULSEBOARD_SECRET: 'faults-secret-faults-secret-faults-secret',
      PULSEBOARD_ADMIN_EMAIL: admin.email,
      PULSEBOARD_ADMIN_PASSWORD: admin.password,
      PULSEBOARD_INGEST_KEY: ingestKey,
      PULSEBOARD_DEMO: 'off',
      // The test's Slack receiver listens on 127.0.0.1.
      PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS: 'on',
      // A crashed worker's jobs are taken over after 2 s instead of 30 s, so the suite stays short.
      PULSEBOARD_JOB_LOCK_MS: '2000',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  async addWeb(): Promise<AppProcess> {
    const port = await findFreePort(23_000 + (process.pid % 5000) + this.web.length * 7);
    const name = `web-${this.web.length + 1}`;
    const web = new AppProcess(
      name,
      'dist/server.mjs',
      this.env({ PORT: String(port), HOST: '127.0.0.1' }),
      path.join(this.config.logDir, `${name}.log`),
      port,
    );
    this.web.push(web);
    await web.start();
    return web;
  }

  async addWorker(): Promise<AppProcess> {
    const name = `worker-${this.workers.length + 1}`;
    const worker = new AppProcess(
      name,
      'dist/worker.mjs',
      this.env({}),
      path.join(this.config.logDir, `${name}.log`),
      null,
    );
    this.workers.push(worker);
    await worker.start();
    return worker;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.web, ...this.workers].map((p) => p.stop()));
  }
}

// ---------------------------------------------------------------------------------------------------
// The event stream: a producer that posts a batch every few milliseconds and records every answer.

export type Answer = {
  ids: string[];
  startedAt: number;
  endedAt: number;
  /** HTTP status, or 0 when no answer arrived (connection refused or reset). */
  status: number;
  retryAfter: string | null;
  body: string;
};

/** Posts `batch` events of `type` every `everyMs` to the given web processes in turn; never retries. */
export class EventStream {
  readonly answers: Answer[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private seq = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly targets: () => string[],
    readonly type: string,
    private readonly options: { batch: number; everyMs: number; maxInFlight: number } = {
      batch: 25,
      everyMs: 40,
      maxInFlight: 8,
    },
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(): Promise<void> {
    let n = 0;
    while (this.running) {
      const targets = this.targets();
      const target = targets[n++ % targets.length] ?? '';
      if (this.inFlight.size < this.options.maxInFlight) {
        const p = this.post(target).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
      await new Promise((r) => setTimeout(r, this.options.everyMs));
    }
  }

  private async post(base: string): Promise<void> {
    const now = Date.now();
    const events = Array.from({ length: this.options.batch }, () => ({
      id: `${this.type}-${++this.seq}`,
      type: this.type,
      ts: now,
      value: this.seq % 100,
    }));
    const answer: Answer = {
      ids: events.map((e) => e.id),
      startedAt: now,
      endedAt: 0,
      status: 0,
      retryAfter: null,
      body: '',
    };
    try {
      const r = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(15_000),
      });
      answer.status = r.status;
      answer.retryAfter = r.headers.get('retry-after');
      answer.body = (await r.text()).slice(0, 300);
    } catch (error) {
      answer.body = String((error as Error).cause ?? error).slice(0, 300);
    }
    answer.endedAt = Date.now();
    this.answers.push(answer);
  }

  /** Ids of the events answered 202: each is a promise that the event is stored. */
  acknowledged(): Set<string> {
    return new Set(this.answers.filter((a) => a.status === 202).flatMap((a) => a.ids));
  }

  /** Status counts, for the report: `{202: 310, 503: 12, ...}` (0 = no answer). */
  statusCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const a of this.answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
    return counts;
  }
}

/**
 * Answers that break the contract: anything but 202, or 429/503 with a Retry-After header. A request
 * without any answer is allowed only when it overlapped `noAnswerWindow` (the web process itself was down).
 */
export function contractViolations(
  answers: readonly Answer[],
  noAnswerWindow?: { from: number; to: number },
): Answer[] {
  return answers.filter((a) => {
    if (a.status === 202) return false;
    if ((a.status === 503 || a.status === 429) && a.retryAfter && Number(a.retryAfter) > 0) return false;
    if (a.status === 0 && noAnswerWindow) {
      return !(a.startedAt <= noAnswerWindow.to && a.endedAt >= noAnswerWindow.from);
    }
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------
// What the database holds for one stream's type.

export type Recount = {
  /** Acknowledged events not in the events table. */
  missing: string[];
  /** Ids stored more than once. */
  duplicated: string[];
  stored: number;
  late: number;
  /** Seconds where the `events` metric differs from COUNT(*) over the events table. */
  mismatches: { bucket: string; events: number; metric: number }[];
  metricTotal: number;
};

/** Compares the events table with the acknowledged ids, and the `events` metric with a recount. */
export async function recount(
  databaseUrl: string,
  type: string,
  acknowledged: Set<string>,
): Promise<Recount> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; n: number }[]>`
      select id, count(*)::int as n from events where type = ${type} group by id`;
    const stored = new Set(rows.map((r) => r.id));
    const [lateRow] = await sql<{ n: number }[]>`
      select count(*)::int as n from events where type = ${type} and late`;
    const mismatches = await sql<{ bucket: string; events: number; metric: number }[]>`
      with e as (
        select date_trunc('second', ts) as b, count(*)::int as n from events
        where type = ${type} and not late group by 1
      ), m as (
        select bucket as b, sum(count)::int as n from metric_points
        where metric = 'events' and dims->>'type' = ${type} group by 1
      )
      select coalesce(e.b, m.b)::text as bucket, coalesce(e.n, 0) as events, coalesce(m.n, 0) as metric
      from e full join m on e.b = m.b
      where e.n is distinct from m.n
      order by 1`;
    const [total] = await sql<{ n: number }[]>`
      select coalesce(sum(count), 0)::int as n from metric_points
      where metric = 'events' and dims->>'type' = ${type}`;
    return {
      missing: [...acknowledged].filter((id) => !stored.has(id)),
      duplicated: rows.filter((r) => r.n > 1).map((r) => r.id),
      stored: rows.length,
      late: lateRow?.n ?? 0,
      mismatches: [...mismatches],
      metricTotal: total?.n ?? 0,
    };
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** Waits until every acknowledged event is stored (or the timeout passes), then recounts once more. */
export async function settledRecount(
  databaseUrl: string,
  type: string,
  acknowledged: Set<string>,
  timeoutMs = 60_000,
): Promise<Recount> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await recount(databaseUrl, type, acknowledged).catch(() => null);
    if (r && r.missing.length === 0 && r.mismatches.length === 0) {
      // Redelivered jobs may still be in flight: give them a moment to (wrongly) double-count.
      await new Promise((res) => setTimeout(res, 1500));
      return recount(databaseUrl, type, acknowledged);
    }
    if (Date.now() > deadline) return r ?? recount(databaseUrl, type, acknowledged);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/** Logs in over REST and returns the session cookie. */
export async function logIn(base: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(admin),
  });
  if (!r.ok) throw new Error(`login answered ${r.status}: ${await r.text()}`);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds, polling; throws with `what` after the timeout. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
}
