import type { Sql } from '@/db/client';
import type { AlertingProblems } from '@/lib/observability/cluster-metrics';

/**
 * What cannot page anyone right now: enabled rules and surge rules the workers cannot evaluate, and enabled
 * channels whose newest delivery failed for good (as the Pipeline page lists them). One statement; the
 * channels' part is an index look-up each (deliveries_channel_created_idx).
 */
export async function countAlertingProblems(sql: Sql): Promise<AlertingProblems> {
  const [row] = await sql<{ rules: number; surge_rules: number; channels: number }[]>`
    select
      (select count(*)::int from rules where enabled and eval_failing_since is not null) as rules,
      (select count(*)::int from surge_rules where enabled and eval_failing_since is not null) as surge_rules,
      (select count(*)::int from channels c
        cross join lateral (
          select status from deliveries d where d.channel_id = c.id order by d.created_at desc limit 1
        ) last
        where c.enabled and last.status in ('failed', 'dead')) as channels`;
  return { rules: row?.rules ?? 0, surgeRules: row?.surge_rules ?? 0, channels: row?.channels ?? 0 };
}
