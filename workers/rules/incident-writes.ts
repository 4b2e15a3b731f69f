import { randomUUID } from 'node:crypto';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { incidents } from '@/db/schema';
import type { Evaluation } from '@/lib/alerting/kinds/kind';
import type { PreparedRule } from '@/lib/alerting/prepare-rule';
import type { IncidentPlan, IncidentSummary } from '@/lib/alerting/state-machine';
import type { SeriesLabels } from '@/lib/alerting/types';
import type { Tx } from '@/db/tx';
import { addTimeline } from '@/core/services/incidents/timeline';

export type LatestIncident = IncidentSummary & { id: string };

/** The series' open incident, else its most recently resolved one. */
export async function latestIncident(
  tx: Tx,
  ruleId: string,
  seriesKey: string,
): Promise<LatestIncident | null> {
  const [row] = await tx
    .select({ id: incidents.id, status: incidents.status, resolvedAt: incidents.resolvedAt })
    .from(incidents)
    .where(and(eq(incidents.ruleId, ruleId), eq(incidents.seriesKey, seriesKey)))
    .orderBy(sql`${incidents.status} = 'resolved'`, desc(incidents.resolvedAt))
    .limit(1);
  if (!row) return null;
  return { id: row.id, open: row.status !== 'resolved', resolvedAt: row.resolvedAt?.getTime() ?? null };
}

export function incidentTitle(ruleName: string, labels: SeriesLabels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${ruleName} (${parts.join(', ')})` : ruleName;
}

type Firing = {
  rule: PreparedRule;
  seriesKey: string;
  labels: SeriesLabels;
  evaluation: Evaluation;
  now: number;
  /** When the breach began, if the series went through pending. */
  pendingSince: number | null;
};

const figures = (e: Evaluation) => ({ value: e.value, threshold: e.threshold, ...(e.detail ?? {}) });

/**
 * Carries out an incident plan inside the evaluation's transaction and returns the incident it touched.
 * A reopened incident keeps its id and dedup key; a flapping one gets one `flapping` entry, not a reopen.
 */
export async function applyIncidentPlan(
  tx: Tx,
  plan: IncidentPlan,
  latest: LatestIncident | null,
  f: Firing,
): Promise<string | null> {
  const at = new Date(f.now);
  const pending =
    f.pendingSince !== null
      ? [
          {
            kind: 'pending' as const,
            at: new Date(f.pendingSince),
            data: { since: new Date(f.pendingSince).toISOString() },
          },
        ]
      : [];
  switch (plan.action) {
    case 'none':
      return null;
    case 'open': {
      const id = randomUUID();
      await tx.insert(incidents).values({
        id,
        ruleId: f.rule.id,
        ruleName: f.rule.name,
        seriesKey: f.seriesKey,
        series: f.labels,
        severity: f.rule.severity,
        title: incidentTitle(f.rule.name, f.labels),
        value: f.evaluation.value,
        threshold: f.evaluation.threshold,
        flapping: plan.flapping,
        openedAt: at,
        dedupKey: `pulseboard-${id}`,
        updatedAt: at,
      });
      await addTimeline(tx, id, [
        ...pending,
        { kind: 'opened', at, data: figures(f.evaluation) },
        ...(plan.flapping ? [{ kind: 'flapping' as const, at, data: {} }] : []),
      ]);
      return id;
    }
    case 'reopen': {
      if (!latest) return null;
      const [row] = await tx
        .update(incidents)
        .set({
          status: 'triggered',
          severity: f.rule.severity,
          value: f.evaluation.value,
          threshold: f.evaluation.threshold,
          flapping: plan.flapping,
          acknowledgedAt: null,
          acknowledgedBy: null,
          resolvedAt: null,
          resolvedBy: null,
          reopenedCount: sql`${incidents.reopenedCount} + 1`,
          updatedAt: at,
        })
        .where(and(eq(incidents.id, latest.id), eq(incidents.status, 'resolved')))
        .returning({ id: incidents.id });
      if (!row) return null;
      await addTimeline(tx, row.id, [
        ...pending,
        { kind: plan.flapping ? 'flapping' : 'reopened', at, data: figures(f.evaluation) },
      ]);
      return row.id;
    }
    case 'note': {
      if (!latest) return null;
      await tx
        .update(incidents)
        .set({
          flapping: plan.flapping,
          ...(plan.kind === 'cleared'
            ? {}
            : { value: f.evaluation.value, threshold: f.evaluation.threshold }),
          updatedAt: at,
        })
        .where(eq(incidents.id, latest.id));
      await addTimeline(tx, latest.id, [{ kind: plan.kind, at, data: figures(f.evaluation) }]);
      return latest.id;
    }
    case 'resolve': {
      if (!latest) return null;
      const [row] = await tx
        .update(incidents)
        .set({ status: 'resolved', resolvedAt: at, resolvedBy: 'auto', flapping: false, updatedAt: at })
        .where(and(eq(incidents.id, latest.id), ne(incidents.status, 'resolved')))
        .returning({ id: incidents.id });
      if (!row) return null;
      await addTimeline(tx, row.id, [
        { kind: 'resolved', at, data: { by: 'auto', ...figures(f.evaluation) } },
      ]);
      return row.id;
    }
  }
}
