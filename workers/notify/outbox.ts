import { and, asc, desc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  deliveries,
  incidentEvents,
  incidentNotifyState,
  incidents,
  notificationOutbox,
  rules,
  type DeliveryAction,
} from '@/db/schema';
import type { NotifyMessage } from '@/lib/notifications/message';
import type { Tx } from '@/db/tx';
import { insertDelivery, type NewDelivery } from '@/core/services/notifications/insert-delivery';
import { outboxKinds } from '@/core/services/incidents/timeline';
import { buildMessage, type IncidentRow, type RuleRow } from './context';
import { enabledChannels, firingNoticesInLastHour, routeIncident } from './routing';

const lifecycleKinds = ['opened', 'reopened', 'flapping', 'resolved'] as const;

export type { NewDelivery };

export type OutboxOptions = { db: Db; publicUrl: string; now?: () => Date; batch?: number };

/**
 * Reads incident changes past the stored watermark and creates one delivery per (change, channel), keyed
 * so that reading a change twice creates nothing new. Runs under an advisory lock: one reader at a time
 * across all workers. Returns the deliveries to enqueue.
 */
export async function pumpOutbox(options: OutboxOptions): Promise<NewDelivery[]> {
  return (await readOutbox(options)).created;
}

/**
 * pumpOutbox, also saying whether another reader held the lock: that reader may have taken its snapshot
 * before the change that woke this one committed, so a woken reader tries again shortly.
 */
export async function readOutbox(options: OutboxOptions): Promise<{ created: NewDelivery[]; busy: boolean }> {
  const now = options.now?.() ?? new Date();
  return options.db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtext('pulseboard:notify-outbox')) as locked`,
    );
    if (!lock?.locked) return { created: [], busy: true };
    // Created on first use, and locked for this transaction either way (one statement, no separate FOR UPDATE).
    const [state] = await tx
      .insert(notificationOutbox)
      .values({ name: 'incidents' })
      .onConflictDoUpdate({ target: notificationOutbox.name, set: { name: 'incidents' } })
      .returning();
    if (!state) return { created: [], busy: false };
    let watermark = state.watermark;
    let pending = state.pendingXmax
      ? { max: state.pendingMax ?? watermark, xmax: BigInt(state.pendingXmax) }
      : null;
    const [snap] = await tx.execute<{ xmin: string }>(
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
    );
    // Every transaction running when the pending batch was read has finished: nothing below it can appear.
    if (pending && snap && BigInt(snap.xmin) >= pending.xmax) {
      watermark = Math.max(watermark, pending.max);
      pending = null;
    }
    const events = await tx
      .select()
      .from(incidentEvents)
      .where(and(gt(incidentEvents.id, watermark), inArray(incidentEvents.kind, [...outboxKinds])))
      .orderBy(asc(incidentEvents.id))
      .limit(options.batch ?? 500);
    const created: NewDelivery[] = [];
    for (const event of events) created.push(...(await handleEvent(tx, event, now, options.publicUrl)));
    if (!pending) {
      // Taken after the read: any transaction that could still commit an id at or below `max` is before xmax.
      const [after] = await tx.execute<{ xmax: string }>(
        sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`,
      );
      pending = { max: events.at(-1)?.id ?? watermark, xmax: BigInt(after?.xmax ?? '0') };
    }
    await tx
      .update(notificationOutbox)
      .set({ watermark, pendingMax: pending.max, pendingXmax: pending.xmax.toString(), updatedAt: now })
      .where(eq(notificationOutbox.name, 'incidents'));
    return { created, busy: false };
  });
}

type EventRow = typeof incidentEvents.$inferSelect;

async function loadIncident(
  tx: Tx,
  id: string,
): Promise<{ incident: IncidentRow; rule: RuleRow | null } | null> {
  const [row] = await tx
    .select({ incident: incidents, rule: rules })
    .from(incidents)
    .leftJoin(rules, eq(rules.id, incidents.ruleId))
    .where(eq(incidents.id, id));
  return row ?? null;
}

/** A `flapping` entry starts a new firing cycle only when it reopened a resolved incident. */
async function flappingReopens(tx: Tx, event: EventRow): Promise<boolean> {
  const [previous] = await tx
    .select({ kind: incidentEvents.kind })
    .from(incidentEvents)
    .where(
      and(
        eq(incidentEvents.incidentId, event.incidentId),
        lt(incidentEvents.id, event.id),
        inArray(incidentEvents.kind, [...lifecycleKinds]),
      ),
    )
    .orderBy(desc(incidentEvents.id))
    .limit(1);
  return previous?.kind === 'resolved';
}

async function handleEvent(tx: Tx, event: EventRow, now: Date, publicUrl: string): Promise<NewDelivery[]> {
  if (event.kind === 'flapping' && !(await flappingReopens(tx, event))) return [];
  const loaded = await loadIncident(tx, event.incidentId);
  if (!loaded) return [];
  const { incident, rule } = loaded;
  if (event.kind === 'acknowledged' || event.kind === 'resolved') {
    return followUp(tx, event, incident, rule, now, publicUrl);
  }
  const route = await routeIncident(tx, incident, rule);
  const immediate = [
    ...route.direct,
    ...route.policies.flatMap((p) => p.steps.filter((s) => s.afterMinutes <= 0).flatMap((s) => s.channelIds)),
  ];
  await tx
    .insert(incidentNotifyState)
    .values({
      incidentId: incident.id,
      cycleEventId: event.id,
      cycleStartedAt: event.at,
      policyIds: route.policies.map((p) => p.id),
    })
    .onConflictDoUpdate({
      target: incidentNotifyState.incidentId,
      set: { cycleEventId: event.id, cycleStartedAt: event.at, policyIds: route.policies.map((p) => p.id) },
      setWhere: lt(incidentNotifyState.cycleEventId, event.id),
    });
  const message = buildMessage({
    action: 'trigger',
    at: event.at,
    incident,
    rule,
    data: event.data,
    publicUrl,
  });
  const created: NewDelivery[] = [];
  for (const channelId of await enabledChannels(tx, immediate)) {
    const row = await insertFiring(tx, {
      key: `ev${event.id}-${channelId}`,
      incident,
      rule,
      channelId,
      cycleEventId: event.id,
      action: 'trigger',
      message,
      now,
    });
    if (row) created.push(row);
  }
  return created;
}

/** Inserts a firing notice, held when the rule's budget for this channel is spent. */
export async function insertFiring(
  tx: Tx,
  d: {
    key: string;
    incident: IncidentRow;
    rule: RuleRow | null;
    channelId: string;
    cycleEventId: number;
    action: DeliveryAction;
    message: NotifyMessage;
    now: Date;
  },
): Promise<NewDelivery | null> {
  // Without a budget the insert alone decides (its key is unique); with one, a notice already created is
  // not counted against the budget again.
  const budget = d.rule?.notifyBudgetPerHour ?? null;
  let held = false;
  if (budget !== null && d.rule !== null) {
    const [exists] = await tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(eq(deliveries.idempotencyKey, d.key));
    if (exists) return null;
    held = (await firingNoticesInLastHour(tx, d.rule.id, d.channelId, d.now)) >= budget;
  }
  return insertDelivery(tx, {
    key: d.key,
    incidentId: d.incident.id,
    incidentEventId: d.cycleEventId,
    channelId: d.channelId,
    action: d.action,
    status: held ? 'held' : 'queued',
    context: d.message,
    now: d.now,
  });
}

/**
 * Acknowledge and resolve updates go to every channel that got (or is still getting) a firing notice in
 * the current cycle — never held by budgets — except the PagerDuty channel the change came from.
 */
async function followUp(
  tx: Tx,
  event: EventRow,
  incident: IncidentRow,
  rule: RuleRow | null,
  now: Date,
  publicUrl: string,
): Promise<NewDelivery[]> {
  const [state] = await tx
    .select()
    .from(incidentNotifyState)
    .where(eq(incidentNotifyState.incidentId, incident.id));
  if (!state || state.cycleEventId > event.id) return [];
  const targets = await tx
    .selectDistinct({ channelId: deliveries.channelId })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.incidentId, incident.id),
        eq(deliveries.incidentEventId, state.cycleEventId),
        inArray(deliveries.action, ['trigger', 'repeat', 'escalate']),
        ne(deliveries.status, 'held'),
      ),
    );
  const data = event.data;
  const fromChannel =
    data.source === 'pagerduty' && typeof data.channelId === 'string' ? data.channelId : null;
  const action: DeliveryAction = event.kind === 'acknowledged' ? 'acknowledge' : 'resolve';
  const actor = event.actorEmail ?? (data.by === 'auto' ? 'auto-resolve' : null);
  const message = buildMessage({ action, at: event.at, incident, rule, data, actor, publicUrl });
  const created: NewDelivery[] = [];
  for (const { channelId } of targets) {
    if (channelId === fromChannel) continue;
    const row = await insertDelivery(tx, {
      key: `ev${event.id}-${channelId}`,
      incidentId: incident.id,
      incidentEventId: event.id,
      channelId,
      action,
      status: 'queued',
      context: message,
      now,
    });
    if (row) created.push(row);
  }
  return created;
}
