// The reads that run every few seconds, or on a filter a user picks, are answered from an index that fits
// them, whatever the size of their table: each test runs the real query function, captures the SQL it
// sends, and asks PostgreSQL for that statement's plan with sequential scans priced out. A missing index,
// or an ORDER BY whose null ordering does not match the index's, shows as another index or a Sort.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db, type Sql } from '@/db/client';
import type { Actor } from '@/core/auth/context';
import { listAudit } from '@/core/queries/audit/list-audit';
import { listEvents } from '@/core/queries/events/list-events';
import { listEventsQuerySchema } from '@/core/services/events/schemas';
import { auditQuerySchema } from '@/core/queries/audit/schemas';
import { lastDeliveries } from '@/core/queries/notifications/channel-view';
import { listDeliveries } from '@/core/queries/notifications/delivery-view';
import { listNegativeTexts } from '@/core/queries/sentiment/negative-texts';
import { listRisingTerms } from '@/core/queries/sentiment/rising-terms';
import { pipelineCounts } from '@/core/queries/system/pipeline-counts';
import { latestIncidents } from '@/workers/surge/surge-incidents';
import { createTestDatabase, type TestDatabase } from '@/test/db';

let database: TestDatabase;
let traced: Sql;
let db: Db;
let captured: { query: string; params: unknown[] }[] = [];
const channelIds: string[] = [];
let surgeRuleId = '';
const admin: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'admin@example.com',
  name: 'Admin',
  role: 'admin',
  via: 'session',
};

beforeAll(async () => {
  database = await createTestDatabase();
  const { sql } = database;
  // Ten channels, 20,000 deliveries (a handful failed, dead or held), 5,000 incidents of which a few are a
  // surge rule's, 20,000 audit entries by 20 actors, 20,000 events of which a tenth are negative texts.
  const channels = await sql<{ id: string }[]>`
    insert into channels (name, type, secrets)
    select 'channel ' || n, 'webhook', '' from generate_series(1, 10) n returning id`;
  channelIds.push(...channels.map((c) => c.id));
  const [surge] = await sql<{ id: string }[]>`
    insert into surge_rules (name, demand_metric, supply_metric, tiers)
    values ('surge', 'rides', 'drivers', '[]') returning id`;
  surgeRuleId = surge!.id;
  await sql`
    insert into incidents (rule_name, series_key, series, severity, title, opened_at, dedup_key, status,
      resolved_at, surge_rule_id)
    select 'rule', 'zone=' || (n % 50), '{}', 'warning', 'incident ' || n, now() - n * interval '1 minute',
      'dedup-' || n, 'resolved', now() - n * interval '1 minute' + interval '30 seconds',
      case when n % 1000 = 0 then ${surgeRuleId}::uuid end
    from generate_series(1, 5000) n`;
  await sql`
    insert into deliveries (idempotency_key, channel_id, action, status, created_at, updated_at)
    select 'key-' || n, (${channelIds} ::uuid[])[1 + n % 10], 'trigger',
      case when n % 2000 = 0 then 'dead' when n % 1000 = 0 then 'failed' when n % 3001 = 0 then 'held'
        else 'sent' end,
      now() - n * interval '1 second', now() - n * interval '1 second'
    from generate_series(1, 20000) n`;
  await sql`
    insert into audit_log (actor_id, actor_email, action, target_type, target_id, at)
    select ('00000000-0000-4000-8000-' || lpad(case when n % 5000 = 0 then '99' else (n % 20)::text end, 12, '0'))::uuid,
      case when n % 5000 = 0 then 'rare@example.com' else 'user' || (n % 20) || '@example.com' end,
      case when n % 997 = 0 then 'channel.update' else 'rule.update' end, 'rule', 'rule-' || (n % 500),
      now() - n * interval '1 second'
    from generate_series(1, 20000) n`;
  await sql`
    insert into events (ts, received_at, source, type, id, key, text, props, sentiment_label, sentiment_score)
    select now() - n * interval '1 second', now(), 'shop', 'review', 'e' || n, 'i:shop:e' || n,
      case when n % 10 = 0 then 'slow and broken' end,
      jsonb_build_object('topic', case when n % 1000 = 0 then 'refunds' else 'delivery' end),
      case when n % 10 = 0 then 'negative' end, case when n % 10 = 0 then -0.8 end
    from generate_series(1, 20000) n`;
  await sql`analyze`;
  traced = postgres(database.url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, params) => captured.push({ query, params: params as unknown[] }),
  });
  db = createDb(traced);
}, 60_000);

afterAll(async () => {
  await traced?.end({ timeout: 5 });
  await database?.drop();
});

/** The plans of the statements `run` sends, with sequential scans priced out. */
async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
  captured = [];
  await run();
  // postgres.js's own catalogue reads (pg_type) are not the code's.
  const statements = captured.filter(
    (c) => /^\s*(select|with)/i.test(c.query) && !/\bpg_catalog\.|\bpg_type\b/.test(c.query),
  );
  expect(statements.length).toBeGreaterThan(0);
  const connection = await database.sql.reserve();
  try {
    await connection`set enable_seqscan = off`;
    const plans: string[] = [];
    for (const { query, params } of statements) {
      const rows = await connection.unsafe(`explain ${query}`, params as never[]);
      plans.push(rows.map((r) => Object.values(r)[0] as string).join('\n'));
    }
    if (process.env.PB_SHOW_PLANS) console.log(plans.join('\n---\n'));
    return plans;
  } finally {
    connection.release();
  }
}

describe('reads that run every few seconds use an index that fits them', () => {
  it("each channel's last delivery: read in index order, not all of a channel's deliveries sorted", async () => {
    const [plan] = await plansOf(() => lastDeliveries(db, channelIds, true));
    expect(plan).not.toMatch(/Sort|Seq Scan on deliveries/);
  });

  it("the Pipeline page's failed and dead deliveries of the last hour", async () => {
    const [plan] = await plansOf(() => pipelineCounts(db));
    expect(plan!.match(/deliveries_final_idx/g)).toHaveLength(2);
  });

  it("a surge rule's latest incidents, read at each evaluation", async () => {
    const [plan] = await plansOf(() =>
      db.transaction((tx) => latestIncidents(tx, surgeRuleId, new Date(Date.now() - 3_600_000))),
    );
    expect(plan).toContain('incidents_surge_series_resolved_idx');
  });

  it('the delivery log filtered by a rare status, newest first', async () => {
    for (const status of ['dead', 'held'] as const) {
      const [plan] = await plansOf(() => listDeliveries(db, admin, { status, limit: 100 }));
      expect(plan).toContain('deliveries_status_created_idx');
      expect(plan).not.toMatch(/\bSort\b/);
    }
  });
});

describe('filters a user picks use an index that fits them', () => {
  it('the events list, newest first, whole or by type or source: an index read backward, no sort', async () => {
    for (const filter of [{}, { type: 'review' }, { source: 'shop' }]) {
      const [plan] = await plansOf(() => listEvents(db, listEventsQuerySchema.parse(filter)));
      expect(plan).toMatch(/Index Scan Backward using \w*events_(type_|source_)?ts_idx/);
      // Ties on ts are ordered by an incremental sort of the index's rows; a full sort reads every row.
      expect(plan).not.toMatch(/^\s*(->\s*)?Sort\s+\(cost/m);
    }
  });

  it('negative texts and rising terms of one topic', async () => {
    const query = { topic: 'refunds', hours: 24, limit: 50, maxScore: -0.5 };
    const [texts] = await plansOf(() => listNegativeTexts(db, query as never));
    expect(texts).toContain('events_negative_topic_ts_idx');
    const terms = await plansOf(() => listRisingTerms(db, { topic: 'refunds', limit: 10 } as never));
    for (const plan of terms) expect(plan).toContain('events_negative_topic_ts_idx');
  });

  it('the audit log by actor, by action prefix and by target id', async () => {
    const [byActor] = await plansOf(() =>
      listAudit(db, auditQuerySchema.parse({ actor: 'rare@example.com' })),
    );
    expect(byActor).toContain('audit_log_actor_email_idx');
    const [byActorId] = await plansOf(() =>
      listAudit(db, auditQuerySchema.parse({ actor: '00000000-0000-4000-8000-000000000099' })),
    );
    expect(byActorId).toContain('audit_log_actor_idx');
    const [byAction] = await plansOf(() => listAudit(db, auditQuerySchema.parse({ action: 'channel' })));
    expect(byAction).toContain('audit_log_action_idx');
    const [byTarget] = await plansOf(() => listAudit(db, auditQuerySchema.parse({ target: 'rule-7' })));
    expect(byTarget).toContain('audit_log_target_id_idx');
  });
});
