import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { deliveries, incidents } from '@/db/schema';
import type { Severity } from '@/lib/alerting/types';
import { secretKey } from '@/lib/notifications/secrets';
import type { Actor } from '@/core/auth/context';
import { createChannel } from '@/core/services/notifications/create-channel';
import type { NotifyContext } from '@/core/services/notifications/context';
import type { CreateChannelInput } from '@/core/services/notifications/schemas';
import { addTimeline } from '@/core/services/incidents/timeline';
import type { TestDatabase } from '@/test/db';
import { seedUsers } from '@/test/helpers/rules';

export const testSecret = 'n'.repeat(40);
export const testKey = secretKey(testSecret);
export const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';

/** Users of each role and a notify context for the admin. */
export async function notifySetup(tdb: TestDatabase) {
  const users = await seedUsers(tdb);
  const ctx = (actor: Actor | null = users.admin, allowPrivate = true): NotifyContext => ({
    db: tdb.db,
    actor,
    secretKey: testKey,
    allowPrivate,
    publicUrl: 'http://pulseboard.test',
  });
  return { users, ctx };
}

export async function addChannel(ctx: NotifyContext, input: CreateChannelInput): Promise<string> {
  return (await createChannel({ ctx, input })).id;
}

/** A rule row as the rules API would store it. */
export async function addRule(
  tdb: TestDatabase,
  r: {
    channelIds?: string[];
    policyId?: string | null;
    budget?: number | null;
    severity?: Severity;
    labels?: Record<string, string>;
    name?: string;
  },
): Promise<string> {
  const [row] = await tdb.sql<{ id: string }[]>`
    insert into rules (name, kind, metric, severity, labels, channel_ids, policy_id, notify_budget_per_hour, runbook_url)
    values (${r.name ?? `rule-${randomUUID().slice(0, 6)}`}, 'threshold', 'events', ${r.severity ?? 'critical'},
            ${JSON.stringify(r.labels ?? {})}::text::jsonb, ${JSON.stringify(r.channelIds ?? [])}::text::jsonb,
            ${r.policyId ?? null}, ${r.budget ?? null}, 'https://runbooks.example.com/errors')
    returning id`;
  return row!.id;
}

/** Opens an incident the way the rules engine does: the row and its `opened` entry in one transaction. */
export async function openIncident(
  tdb: TestDatabase,
  ruleId: string,
  series: Record<string, string> = {},
  at = new Date(),
  title?: string,
): Promise<string> {
  const id = randomUUID();
  await tdb.db.transaction(async (tx) => {
    const [rule] = await tdb.sql<
      { name: string; severity: Severity }[]
    >`select name, severity from rules where id = ${ruleId}`;
    await tx.insert(incidents).values({
      id,
      ruleId,
      ruleName: rule!.name,
      seriesKey: JSON.stringify(series),
      series,
      severity: rule!.severity,
      title:
        title ??
        `${rule!.name} (${Object.entries(series)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`,
      value: 42.5,
      threshold: 10,
      openedAt: at,
      dedupKey: `pulseboard-${id}`,
      updatedAt: at,
    });
    await addTimeline(tx, id, [{ kind: 'opened', at, data: { value: 42.5, threshold: 10 } }]);
  });
  return id;
}

export async function deliveriesOf(tdb: TestDatabase, incidentId: string) {
  return tdb.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.incidentId, incidentId))
    .orderBy(deliveries.seq);
}
