import { builtInMetrics, type MetricDefinition } from '@/lib/metrics/definitions';
import type { Actor } from '@/core/auth/context';
import type { Role } from '@/contracts/roles';
import type { TestDatabase } from '@/test/db';
import type { CleanEvent } from '@/contracts/jobs';
import { processBatch } from '@/workers/ingest/process-batch';
import { evaluateRules } from '@/workers/rules/evaluate-rules';
import type { IncidentView } from '@/contracts/responses/alerting';

/** Shared set-up of the alerting tests: users of each role, metrics, events at chosen times, ticks. */
export async function seedUsers(tdb: TestDatabase): Promise<Record<Role, Actor>> {
  const actors = {} as Record<Role, Actor>;
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const [row] = await tdb.sql<{ id: string }[]>`
      insert into users (email, name, password_hash, role) values (${`${role}@test`}, ${role}, 'x', ${role})
      returning id`;
    actors[role] = { userId: row!.id, email: `${role}@test`, name: role, role, via: 'session' };
  }
  return actors;
}

/**
 * The built-in metrics and `extra` ones, as rows (`builtIn` marks the built-ins as bootstrap does, for tests
 * of what a built-in metric refuses).
 */
export async function seedMetrics(
  tdb: Pick<TestDatabase, 'sql'>,
  extra: (Partial<MetricDefinition> & { name: string })[] = [],
  options: { builtIn?: boolean } = {},
): Promise<void> {
  const all: MetricDefinition[] = [
    ...builtInMetrics,
    ...extra.map((m) => ({
      eventTypes: [],
      aggregation: 'count' as const,
      valueField: null,
      dimensions: [],
      defaultGroupBy: [],
      ...m,
    })),
  ];
  for (const m of all) {
    const builtIn = options.builtIn === true && builtInMetrics.includes(m);
    await tdb.sql`insert into metrics (name, event_types, aggregation, value_field, dimensions, default_group_by, built_in)
      values (${m.name}, ${JSON.stringify(m.eventTypes)}::text::jsonb, ${m.aggregation}, ${m.valueField},
              ${JSON.stringify(m.dimensions)}::text::jsonb, ${JSON.stringify(m.defaultGroupBy)}::text::jsonb, ${builtIn})
      on conflict (name) do nothing`;
  }
}

let sequence = 0;

/** Stores events at their own timestamps, as a backfilling ingest key would (an import). */
export async function ingest(
  tdb: TestDatabase,
  events: (Omit<CleanEvent, 'id'> & { source?: string })[],
): Promise<void> {
  const bySource = new Map<string, CleanEvent[]>();
  for (const { source = 'default', ...e } of events) {
    const list = bySource.get(source) ?? [];
    list.push({ ...e, id: `e${++sequence}` });
    bySource.set(source, list);
  }
  const metrics = await tdb.sql<
    {
      name: string;
      event_types: string[];
      aggregation: MetricDefinition['aggregation'];
      value_field: string | null;
      dimensions: string[];
    }[]
  >`select name, event_types, aggregation, value_field, dimensions from metrics where ratio_of is null`;
  const definitions = metrics.map((m) => ({
    name: m.name,
    eventTypes: m.event_types,
    aggregation: m.aggregation,
    valueField: m.value_field,
    dimensions: m.dimensions,
    defaultGroupBy: [],
  }));
  const jobs = [...bySource].map(([source, list]) => ({
    source,
    keyId: 'k',
    backfill: true,
    // Arriving a day later makes every event backfill, so the rollup job picks up each minute.
    receivedAt: Math.max(...list.map((e) => e.ts)) + 86_400_000,
    events: list,
  }));
  await processBatch(tdb.sql, jobs, { latenessMs: 300_000, metrics: definitions });
}

/** `count` events of a type, one every `everyMs` from `from`. */
export function burst(
  type: string,
  from: number,
  count: number,
  extra: Partial<Omit<CleanEvent, 'id' | 'type' | 'ts'>> & { source?: string; everyMs?: number } = {},
) {
  const { everyMs = 1000, ...rest } = extra;
  return Array.from({ length: count }, (_, i) => ({ type, ts: from + i * everyMs, ...rest }));
}

/** Evaluates every enabled rule at `now`, collecting what would go out on the socket. */
export function engine(tdb: TestDatabase) {
  const published: IncidentView[] = [];
  return {
    published,
    tick: (now: number) =>
      evaluateRules({
        db: tdb.db,
        now,
        publish: (incident) => {
          published.push(incident);
          return Promise.resolve();
        },
        onError: (ruleId, error) => {
          throw new Error(`rule ${ruleId} failed: ${String(error)}`);
        },
      }),
  };
}
