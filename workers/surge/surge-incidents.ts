import { randomUUID } from 'node:crypto';
import { and, eq, gte, ne, or, sql } from 'drizzle-orm';
import { incidents } from '@/db/schema';
import type { SeriesLabels } from '@/lib/alerting/types';
import type { Tx } from '@/db/tx';
import { addTimeline } from '@/core/services/incidents/timeline';

/** The surge rule as far as its incidents need it. */
export type SurgeIncidentRule = {
  id: string;
  name: string;
  incidentMultiplier: number | null;
  severity: (typeof incidents.$inferSelect)['severity'];
};

/** A group's multiplier after this tick, and what it was before. */
export type GroupMultiplier = {
  groupKey: string;
  labels: SeriesLabels;
  multiplier: number;
  previous: number;
  ratio: number | null;
};

/** A multiplier in titles: ×1.5, ×2. */
export const formatMultiplier = (m: number) => `×${Number(m.toFixed(2))}`;

/** "Surge ×1.5 — Rides (zone=north)". */
export function surgeIncidentTitle(ruleName: string, multiplier: number, labels: SeriesLabels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const base = `Surge ${formatMultiplier(multiplier)} — ${ruleName}`;
  return parts.length ? `${base} (${parts.join(', ')})` : base;
}

type Latest = { id: string; open: boolean; resolvedAt: number | null; value: number | null };

/** Per group: its open incident, else its most recently resolved one within the reopen window. */
export async function latestIncidents(
  tx: Tx,
  ruleId: string,
  resolvedSince: Date,
): Promise<Map<string, Latest>> {
  const rows = await tx
    .select({
      id: incidents.id,
      seriesKey: incidents.seriesKey,
      status: incidents.status,
      resolvedAt: incidents.resolvedAt,
      value: incidents.value,
    })
    .from(incidents)
    .where(
      and(
        eq(incidents.surgeRuleId, ruleId),
        or(ne(incidents.status, 'resolved'), gte(incidents.resolvedAt, resolvedSince)),
      ),
    )
    .orderBy(sql`${incidents.status} = 'resolved'`, sql`${incidents.resolvedAt} desc nulls first`);
  const latest = new Map<string, Latest>();
  for (const r of rows) {
    if (latest.has(r.seriesKey)) continue;
    latest.set(r.seriesKey, {
      id: r.id,
      open: r.status !== 'resolved',
      resolvedAt: r.resolvedAt?.getTime() ?? null,
      value: r.value,
    });
  }
  return latest;
}

/**
 * Keeps a surge rule's incidents in step with its groups, inside the evaluation's transaction: a group at
 * or above the incident multiplier has an open incident (a new one, or the last one reopened when it
 * resolved within `reopenWithinMs`); a group below it has none (auto-resolved). Returns the incidents it
 * touched, to publish after the commit.
 */
export async function syncSurgeIncidents(
  tx: Tx,
  rule: SurgeIncidentRule,
  groups: GroupMultiplier[],
  now: number,
  reopenWithinMs: number,
): Promise<string[]> {
  const latest = await latestIncidents(tx, rule.id, new Date(now - reopenWithinMs));
  if (latest.size === 0 && rule.incidentMultiplier === null) return [];
  const at = new Date(now);
  const touched: string[] = [];
  for (const g of groups) {
    const last = latest.get(g.groupKey) ?? null;
    const above = rule.incidentMultiplier !== null && g.multiplier >= rule.incidentMultiplier;
    const figures = {
      value: g.multiplier,
      threshold: rule.incidentMultiplier,
      ratio: g.ratio,
      previous: g.previous,
    };
    const title = surgeIncidentTitle(rule.name, g.multiplier, g.labels);
    if (above && last?.open) {
      // Still surging: a change of multiplier is noted, the same multiplier changes nothing.
      if (last.value === g.multiplier) continue;
      await tx
        .update(incidents)
        .set({ value: g.multiplier, title, updatedAt: at })
        .where(eq(incidents.id, last.id));
      await addTimeline(tx, last.id, [{ kind: 'firing', at, data: figures }]);
      touched.push(last.id);
    } else if (above && last && last.resolvedAt !== null && now - last.resolvedAt <= reopenWithinMs) {
      const [row] = await tx
        .update(incidents)
        .set({
          status: 'triggered',
          severity: rule.severity,
          ruleName: rule.name,
          title,
          value: g.multiplier,
          threshold: rule.incidentMultiplier,
          acknowledgedAt: null,
          acknowledgedBy: null,
          resolvedAt: null,
          resolvedBy: null,
          reopenedCount: sql`${incidents.reopenedCount} + 1`,
          updatedAt: at,
        })
        .where(and(eq(incidents.id, last.id), eq(incidents.status, 'resolved')))
        .returning({ id: incidents.id });
      if (!row) continue;
      await addTimeline(tx, row.id, [{ kind: 'reopened', at, data: figures }]);
      touched.push(row.id);
    } else if (above) {
      const id = randomUUID();
      await tx.insert(incidents).values({
        id,
        surgeRuleId: rule.id,
        ruleName: rule.name,
        seriesKey: g.groupKey,
        series: g.labels,
        severity: rule.severity,
        title,
        value: g.multiplier,
        threshold: rule.incidentMultiplier,
        openedAt: at,
        dedupKey: `pulseboard-${id}`,
        updatedAt: at,
      });
      await addTimeline(tx, id, [{ kind: 'opened', at, data: figures }]);
      touched.push(id);
    } else if (last?.open) {
      const [row] = await tx
        .update(incidents)
        .set({ status: 'resolved', resolvedAt: at, resolvedBy: 'auto', value: g.multiplier, updatedAt: at })
        .where(and(eq(incidents.id, last.id), ne(incidents.status, 'resolved')))
        .returning({ id: incidents.id });
      if (!row) continue;
      await addTimeline(tx, row.id, [{ kind: 'resolved', at, data: { by: 'auto', ...figures } }]);
      touched.push(row.id);
    }
  }
  return touched;
}
