import { sql } from 'drizzle-orm';
import type { Severity } from '@/lib/alerting/types';
import { ValidationError } from '@/core/errors';
import type { DbOrTx } from '@/db/tx';
import type { IncidentReportQuery } from './schemas';
import type { IncidentDay, IncidentReport, NoisyRule } from '@/contracts/responses/reports';

const maxDays = 400;

/** Incidents per day and the noisiest rules over the incidents opened in a range. */
export async function incidentReport(db: DbOrTx, query: IncidentReportQuery): Promise<IncidentReport> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) throw new ValidationError('to must be after from', 'to');
  if (to.getTime() - from.getTime() > maxDays * 86_400_000)
    throw new ValidationError(`the range is at most ${maxDays} days`, 'from');
  const range = sql`opened_at >= ${from.toISOString()}::timestamptz and opened_at < ${to.toISOString()}::timestamptz`;
  const [days, rules] = await Promise.all([
    db.execute<{ day: string; severity: Severity | null; incidents: number }>(sql`
      with days as (
        select to_char(d, 'YYYY-MM-DD') as day
        from generate_series(
          date_trunc('day', ${from.toISOString()}::timestamptz at time zone ${query.tz}),
          date_trunc('day', (${to.toISOString()}::timestamptz - interval '1 millisecond') at time zone ${query.tz}),
          interval '1 day') as d
      ),
      counted as (
        select to_char(opened_at at time zone ${query.tz}, 'YYYY-MM-DD') as day, severity::text as severity,
               count(*)::int as incidents
        from incidents where ${range}
        group by 1, 2
      )
      select days.day, counted.severity, coalesce(counted.incidents, 0)::int as incidents
      from days left join counted using (day)
      order by days.day`),
    db.execute<{
      rule_id: string | null;
      surge_rule_id: string | null;
      rule_name: string;
      incidents: number;
      reopenings: number;
    }>(sql`
      select rule_id, surge_rule_id, (array_agg(rule_name order by opened_at desc))[1] as rule_name,
             count(*)::int as incidents, coalesce(sum(reopened_count), 0)::int as reopenings
      from incidents where ${range}
      group by rule_id, surge_rule_id`),
  ]);
  const perDay = new Map<string, IncidentDay>();
  for (const row of days) {
    let day = perDay.get(row.day);
    if (!day) {
      day = { day: row.day, incidents: 0, bySeverity: { critical: 0, error: 0, warning: 0, info: 0 } };
      perDay.set(row.day, day);
    }
    if (row.severity) {
      day.incidents += row.incidents;
      day.bySeverity[row.severity] += row.incidents;
    }
  }
  const noisy: NoisyRule[] = rules.map((r) => ({
    ruleId: r.rule_id,
    surgeRuleId: r.surge_rule_id,
    ruleName: r.rule_name,
    incidents: r.incidents,
    reopenings: r.reopenings,
  }));
  const byName = (a: NoisyRule, b: NoisyRule) => a.ruleName.localeCompare(b.ruleName);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    tz: query.tz,
    total: noisy.reduce((n, r) => n + r.incidents, 0),
    perDay: [...perDay.values()],
    mostIncidents: [...noisy]
      .sort((a, b) => b.incidents - a.incidents || b.reopenings - a.reopenings || byName(a, b))
      .slice(0, query.limit),
    mostReopened: noisy
      .filter((r) => r.reopenings > 0)
      .sort((a, b) => b.reopenings - a.reopenings || b.incidents - a.incidents || byName(a, b))
      .slice(0, query.limit),
  };
}
