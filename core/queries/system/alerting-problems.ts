import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/tx';
import { lastDeliveries } from '@/core/queries/notifications/channel-view';
import type { PipelineHealth } from '@/contracts/responses/system';
import type { AlertingProblems } from '@/lib/observability/cluster-metrics';

export type FailingRule = PipelineHealth['failingRules'][number];
export type FailingChannel = PipelineHealth['failingChannels'][number];

/**
 * What cannot page anyone right now: enabled rules and surge rules the workers cannot evaluate (longest
 * failing first), and enabled channels whose newest delivery failed for good. The one definition of both,
 * for the Pipeline page and the cluster gauges.
 */
export async function listAlertingProblems(
  db: DbOrTx,
): Promise<{ rules: FailingRule[]; channels: FailingChannel[] }> {
  const [rules, enabledChannels] = await Promise.all([
    db.execute<{ kind: 'rule' | 'surge'; id: string; name: string; error: string; since: string | Date }>(sql`
      select * from (
        select 'rule' as kind, id, name, eval_error as error, eval_failing_since as since from rules
          where enabled and eval_failing_since is not null
        union all
        select 'surge', id, name, eval_error, eval_failing_since from surge_rules
          where enabled and eval_failing_since is not null
      ) failing order by since, name`),
    db.execute<{ id: string; name: string }>(sql`select id, name from channels where enabled order by name`),
  ]);
  const last = await lastDeliveries(
    db,
    enabledChannels.map((c) => c.id),
    false,
  );
  return {
    rules: rules.map((r) => ({ ...r, since: new Date(r.since).toISOString() })),
    channels: enabledChannels.flatMap((c) => {
      const d = last.get(c.id);
      if (!d || (d.status !== 'failed' && d.status !== 'dead')) return [];
      return [
        { id: c.id, name: c.name, status: d.status, at: d.at, statusCode: d.statusCode, error: d.error },
      ];
    }),
  };
}

/** The same, counted, for `pulseboard_rules_failing` and `pulseboard_channels_failing`. */
export async function countAlertingProblems(db: DbOrTx): Promise<AlertingProblems> {
  const { rules, channels } = await listAlertingProblems(db);
  return {
    rules: rules.filter((r) => r.kind === 'rule').length,
    surgeRules: rules.filter((r) => r.kind === 'surge').length,
    channels: channels.length,
  };
}
