import { Worker } from 'bullmq';
import { lt } from 'drizzle-orm';
import { createDb, type Db, type Sql } from '@/db/client';
import { ruleTransitions } from '@/db/schema';
import type { EngineOptions } from '@/lib/alerting/state-machine';
import type { FramePublisher } from '@/lib/pubsub';
import { bullConnection } from '@/lib/redis';
import { queueNames } from '@/lib/redis-names';
import { openQueue } from '@/lib/queues';
import { schedules, scheduledJobOptions, type JobName } from '@/contracts/jobs';
import { redisIncidentPublisher } from '@/core/services/incidents/publish';
import { evaluateChangedRules } from './rules/evaluate-changed-rules';
import { evaluateRules } from './rules/evaluate-rules';
import { evaluateSurgeRules, redisSurgePublisher } from './surge/evaluate-surge-rules';
import { errorFields } from '@/core/errors';

export type RulesWorkerOptions = {
  sql: Sql;
  /** Publishes changed incidents for the web processes' sockets. */
  publisher: FramePublisher;
  redisUrl: string;
  prefix: string;
  /** How often every enabled rule is evaluated, in ms; a tick finds a complete second at most 250 ms late. @defaultValue 250 */
  everyMs?: number;
  /** Days of series transitions kept. @defaultValue 30 */
  transitionDays?: number;
  engine?: EngineOptions;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
};

/**
 * The rules queue: a job scheduler adds one `evaluate` job per interval across all worker processes,
 * and each rule's evaluation also takes a per-rule advisory lock, so an overlap only skips, never doubles.
 */
export async function startRulesWorker(options: RulesWorkerOptions) {
  const connection = bullConnection(options.redisUrl, { maxRetriesPerRequest: null });
  const db: Db = createDb(options.sql);
  const publish = redisIncidentPublisher(options.publisher, options.prefix);
  const publishSurge = redisSurgePublisher(options.publisher, options.prefix);
  const queue = openQueue('rules', { redisUrl: options.redisUrl, prefix: options.prefix, failFast: false });
  const schedule = (name: JobName<'rules'>, every: number) =>
    queue.upsertJobScheduler(name, { every }, { name, data: {}, opts: scheduledJobOptions });
  await schedule('evaluate', options.everyMs ?? schedules.rules.evaluate);
  // Surge rules tick every second, as a job of their own so a slow one does not hold the alert rules.
  await schedule('evaluate-surges', options.everyMs ?? schedules.rules['evaluate-surges']);
  await schedule('purge-transitions', schedules.rules['purge-transitions']);
  const worker = new Worker(
    queueNames.rules,
    async (job) => {
      switch (job.name as JobName<'rules'>) {
        case 'evaluate':
          return evaluateRules({
            db,
            now: Date.now(),
            publish,
            engine: options.engine,
            onError: (ruleId, error) =>
              options.log?.('warn', 'rule evaluation failed', {
                ruleId,
                ...errorFields(error),
              }),
            onRecovered: (ruleId) => options.log?.('info', 'rule evaluates again', { ruleId }),
          });
        case 'evaluate-surges':
          return evaluateSurgeRules({
            db,
            now: Date.now(),
            publish: publishSurge,
            publishIncident: publish,
            reopenWithinMs: options.engine?.reopenWithinMs,
            onError: (ruleId, error) =>
              options.log?.('warn', 'surge rule evaluation failed', {
                ruleId,
                ...errorFields(error),
              }),
            onRecovered: (ruleId) => options.log?.('info', 'surge rule evaluates again', { ruleId }),
          }).then((summary) => ({
            ...summary,
            changes: summary.changes.length,
            incidentIds: summary.incidentIds.length,
          }));
        case 'purge-transitions':
          return purgeTransitions(db, options.transitionDays ?? 30);
        default:
          return null;
      }
    },
    {
      connection,
      prefix: options.prefix,
      concurrency: 1,
      // Short locks: the scheduler's next evaluation waits for the current one, so when a worker dies
      // holding it, evaluation resumes once its lock runs out and is noticed (≤ 10 s, not 30 s + 30 s).
      lockDuration: 5_000,
      stalledInterval: 5_000,
    },
  );
  const onError = (ruleId: string, error: unknown) =>
    options.log?.('warn', 'rule evaluation failed', {
      ruleId,
      ...errorFields(error),
    });
  // One evaluation after flushes at a time: metrics changed meanwhile wait for the next one, together.
  let changed = new Set<string>();
  let running: Promise<void> | null = null;
  let closed = false;
  const evaluateChanged = () => {
    if (running || closed || changed.size === 0) return;
    const metrics = [...changed];
    changed = new Set();
    running = evaluateChangedRules({ db, metrics, now: Date.now(), publish, engine: options.engine, onError })
      .then(
        () => {},
        (error: unknown) => onError('(after a flush)', error),
      )
      .finally(() => {
        running = null;
        evaluateChanged();
      });
  };
  return {
    worker,
    /** A flush committed points of these metrics: evaluate the rules on them now (see evaluateChangedRules). */
    flushed(metrics: Iterable<string>) {
      for (const m of metrics) changed.add(m);
      evaluateChanged();
    },
    async close() {
      closed = true;
      await running;
      await worker.close();
      await queue.close();
    },
  };
}

export async function purgeTransitions(db: Db, days: number): Promise<number> {
  const rows = await db
    .delete(ruleTransitions)
    .where(lt(ruleTransitions.at, new Date(Date.now() - days * 86_400_000)))
    .returning({ id: ruleTransitions.id });
  return rows.length;
}
