import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { incidentNotifyState, incidents, notificationPolicies, rules } from '@/db/schema';
import { buildMessage } from './context';
import { insertFiring, type NewDelivery } from './outbox';
import { enabledChannels } from './routing';

export type EscalationOptions = { db: Db; publicUrl: string; now?: () => Date };

/**
 * Escalation and repeats for incidents still triggered (not acknowledged, not resolved): step N of each
 * policy fires once `afterMinutes` after the firing cycle began; with `repeatMinutes`, the channels reached
 * so far hear it again every interval. Keys carry the cycle, step and repeat number, so each fires once.
 */
export async function runEscalations(options: EscalationOptions): Promise<NewDelivery[]> {
  const now = options.now?.() ?? new Date();
  return options.db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtext('pulseboard:notify-outbox')) as locked`,
    );
    if (!lock?.locked) return [];
    const open = await tx
      .select({ state: incidentNotifyState, incident: incidents })
      .from(incidentNotifyState)
      .innerJoin(incidents, eq(incidents.id, incidentNotifyState.incidentId))
      .where(
        and(eq(incidents.status, 'triggered'), sql`jsonb_array_length(${incidentNotifyState.policyIds}) > 0`),
      );
    const created: NewDelivery[] = [];
    for (const { state, incident } of open) {
      const policies = await tx
        .select()
        .from(notificationPolicies)
        .where(
          and(inArray(notificationPolicies.id, state.policyIds), eq(notificationPolicies.enabled, true)),
        );
      const [rule] = incident.ruleId
        ? await tx.select().from(rules).where(eq(rules.id, incident.ruleId))
        : [];
      const elapsedMs = now.getTime() - state.cycleStartedAt.getTime();
      for (const policy of policies) {
        const reached = policy.steps
          .map((s, idx) => ({ ...s, idx }))
          .filter((s) => s.afterMinutes * 60_000 <= elapsedMs);
        for (const step of reached.filter((s) => s.afterMinutes > 0)) {
          const message = buildMessage({
            action: 'escalate',
            at: now,
            incident,
            rule: rule ?? null,
            step: step.idx + 1,
            publicUrl: options.publicUrl,
          });
          for (const channelId of await enabledChannels(tx, step.channelIds)) {
            const row = await insertFiring(tx, {
              key: `esc${state.cycleEventId}-${policy.id}-${step.idx}-${channelId}`,
              incident,
              rule: rule ?? null,
              channelId,
              cycleEventId: state.cycleEventId,
              action: 'escalate',
              message,
              now,
            });
            if (row) created.push(row);
          }
        }
        const every = policy.repeatMinutes ? policy.repeatMinutes * 60_000 : 0;
        const n = every > 0 ? Math.floor(elapsedMs / every) : 0;
        if (n < 1) continue;
        const message = buildMessage({
          action: 'repeat',
          at: now,
          incident,
          rule: rule ?? null,
          step: n,
          publicUrl: options.publicUrl,
        });
        for (const channelId of await enabledChannels(
          tx,
          reached.flatMap((s) => s.channelIds),
        )) {
          const row = await insertFiring(tx, {
            key: `rep${state.cycleEventId}-${policy.id}-${n}-${channelId}`,
            incident,
            rule: rule ?? null,
            channelId,
            cycleEventId: state.cycleEventId,
            action: 'repeat',
            message,
            now,
          });
          if (row) created.push(row);
        }
      }
    }
    return created;
  });
}
