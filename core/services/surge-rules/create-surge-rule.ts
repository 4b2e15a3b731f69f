import type { Db } from '@/db/client';
import { lockCatalogue } from '@/core/services/metrics/catalogue-lock';
import { surgeRules } from '@/db/schema';
import { requireRole, type Actor } from '@/core/auth/context';
import { toSurgeRuleView } from '@/core/queries/surge/surge-rules';
import { recordAudit } from '@/core/services/audit/record-audit';
import type { IncidentPublisher } from '@/core/services/incidents/publish';
import { checkSurgeRule } from './check-surge-rule';
import type { CreateSurgeRuleInput } from './schemas';
import type { SurgeRuleView } from '@/contracts/responses/surge';

export type SurgeRuleContext = {
  db: Db;
  actor: Actor | null;
  /** Receives the incidents a change resolved (deleting a surge rule resolves its open ones). */
  publish?: IncidentPublisher;
};

/** Admins add surge rules; the workers evaluate them from the next tick. */
export async function createSurgeRule({
  ctx,
  input,
  demo = false,
}: {
  ctx: SurgeRuleContext;
  input: CreateSurgeRuleInput;
  /** Marks it as seeded by the demo (server/services/demo/seed-demo.ts); never set from a request. @defaultValue false */
  demo?: boolean;
}): Promise<SurgeRuleView> {
  const actor = requireRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await lockCatalogue(tx);
    await checkSurgeRule(tx, input);
    const [row] = await tx
      .insert(surgeRules)
      .values({ ...input, demo })
      .returning();
    if (!row) throw new Error('insert returned no surge rule');
    await recordAudit(tx, actor, {
      action: 'surge_rule.create',
      targetType: 'surge_rule',
      targetId: row.id,
      changes: demo ? { ...input, demo } : input,
    });
    return toSurgeRuleView(row);
  });
}
