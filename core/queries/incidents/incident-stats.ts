import { sql } from 'drizzle-orm';
import type { Severity } from '@/lib/alerting/types';
import { ValidationError } from '@/core/errors';
import type { DbOrTx } from '@/db/tx';
import type { IncidentStatsQuery } from '@/core/services/incidents/schemas';
import type { IncidentStats, IncidentStatsGroup } from '@/contracts/responses/alerting';

type Row = {
  level: number;
  rule_id: string | null;
  surge_rule_id: string | null;
  rule_name: string | null;
  severity: Severity | null;
  incidents: number;
  acked: number;
  tta_mean: number | null;
  tta_p90: number | null;
  resolved: number;
  ttr_mean: number | null;
  ttr_p90: number | null;
};

const group = (r: Row): IncidentStatsGroup => ({
  incidents: r.incidents,
  timeToAcknowledge: { count: r.acked, meanSeconds: r.tta_mean, p90Seconds: r.tta_p90 },
  timeToResolve: { count: r.resolved, meanSeconds: r.ttr_mean, p90Seconds: r.ttr_p90 },
});

/**
 * Time to acknowledge and to resolve (mean and p90, in seconds) of the incidents opened in a range, by
 * rule, by severity and overall: one grouping-sets query.
 */
export async function incidentStats(db: DbOrTx, query: IncidentStatsQuery): Promise<IncidentStats> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) throw new ValidationError('to must be after from', 'to');
  const tta = sql`extract(epoch from acknowledged_at - opened_at)::float8`;
  const ttr = sql`extract(epoch from resolved_at - opened_at)::float8`;
  const rows = await db.execute<Row>(sql`
    select grouping(rule_id, surge_rule_id, severity)::int as level, rule_id, surge_rule_id, severity,
      (array_agg(rule_name order by opened_at desc))[1] as rule_name,
      count(*)::int as incidents,
      count(acknowledged_at)::int as acked, avg(${tta}) as tta_mean,
      percentile_cont(0.9) within group (order by ${tta}) as tta_p90,
      count(resolved_at)::int as resolved, avg(${ttr}) as ttr_mean,
      percentile_cont(0.9) within group (order by ${ttr}) as ttr_p90
    from incidents
    where opened_at >= ${from.toISOString()}::timestamptz and opened_at < ${to.toISOString()}::timestamptz
    group by grouping sets ((rule_id, surge_rule_id), (severity), ())
    order by level, incidents desc, rule_name, severity`);
  const empty: Row = {
    level: 7,
    rule_id: null,
    surge_rule_id: null,
    rule_name: null,
    severity: null,
    incidents: 0,
    acked: 0,
    tta_mean: null,
    tta_p90: null,
    resolved: 0,
    ttr_mean: null,
    ttr_p90: null,
  };
  // grouping() bits (rule_id, surge_rule_id, severity): 1 = by rule (severity rolled up), 6 = by severity, 7 = overall.
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    overall: group(rows.find((r) => r.level === 7) ?? empty),
    byRule: rows
      .filter((r) => r.level === 1)
      .map((r) => ({
        ruleId: r.rule_id,
        surgeRuleId: r.surge_rule_id,
        ruleName: r.rule_name ?? '',
        ...group(r),
      })),
    bySeverity: rows
      .filter((r) => r.level === 6 && r.severity !== null)
      .map((r) => ({ severity: r.severity!, ...group(r) })),
  };
}
