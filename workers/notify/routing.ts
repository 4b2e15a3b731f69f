import { and, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import { channels, deliveries, incidents, notificationPolicies, type PolicyMatch } from '@/db/schema';
import type { Tx } from '@/db/tx';
import type { IncidentRow, RuleRow } from './context';

export type PolicyRow = typeof notificationPolicies.$inferSelect;

/** A policy takes an incident when every given matcher holds: its severity, and a subset of the labels. */
export function policyMatches(match: PolicyMatch, severity: string, labels: Record<string, string>): boolean {
  if (match.severities?.length && !match.severities.includes(severity as never)) return false;
  return Object.entries(match.labels ?? {}).every(([k, v]) => labels[k] === v);
}

/**
 * Where a firing incident goes: the rule's own channels, the rule's policy, or — for a rule with neither
 * (and for surge incidents) — every enabled policy that matches the severity and the rule + series labels.
 */
export async function routeIncident(
  tx: Tx,
  incident: IncidentRow,
  rule: RuleRow | null,
): Promise<{ direct: string[]; policies: PolicyRow[] }> {
  const direct = rule?.channelIds ?? [];
  if (rule?.policyId) {
    const policies = await tx
      .select()
      .from(notificationPolicies)
      .where(and(eq(notificationPolicies.id, rule.policyId), eq(notificationPolicies.enabled, true)));
    return { direct, policies };
  }
  if (direct.length) return { direct, policies: [] };
  const all = await tx.select().from(notificationPolicies).where(eq(notificationPolicies.enabled, true));
  const labels = { ...(rule?.labels ?? {}), ...incident.series };
  return { direct, policies: all.filter((p) => policyMatches(p.match, incident.severity, labels)) };
}

/** The enabled channels among the given ids. */
export async function enabledChannels(tx: Tx, ids: Iterable<string>): Promise<string[]> {
  const list = [...new Set(ids)];
  if (!list.length) return [];
  const rows = await tx
    .select({ id: channels.id })
    .from(channels)
    .where(and(inArray(channels.id, list), eq(channels.enabled, true)));
  const found = new Set(rows.map((r) => r.id));
  return list.filter((id) => found.has(id));
}

/**
 * The per-rule budget: firing notices (trigger, repeat, escalate) that went or are going to this channel
 * for this rule's incidents in the hour before `now`. Acknowledge and resolve updates never count.
 */
export async function firingNoticesInLastHour(
  tx: Tx,
  ruleId: string,
  channelId: string,
  now: Date,
): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(deliveries)
    .innerJoin(incidents, eq(incidents.id, deliveries.incidentId))
    .where(
      and(
        eq(incidents.ruleId, ruleId),
        eq(deliveries.channelId, channelId),
        inArray(deliveries.action, ['trigger', 'repeat', 'escalate']),
        ne(deliveries.status, 'held'),
        gte(deliveries.createdAt, new Date(now.getTime() - 3_600_000)),
      ),
    );
  return row?.n ?? 0;
}
