import { asc, eq } from 'drizzle-orm';
import { notificationPolicies } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';
import type { PolicyView } from '@/contracts/responses/notifications';

export function toPolicyView(row: typeof notificationPolicies.$inferSelect): PolicyView {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    match: row.match,
    steps: row.steps,
    repeatMinutes: row.repeatMinutes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listPolicies(db: DbOrTx): Promise<PolicyView[]> {
  return (await db.select().from(notificationPolicies).orderBy(asc(notificationPolicies.name))).map(
    toPolicyView,
  );
}

export async function getPolicy(db: DbOrTx, id: string): Promise<PolicyView | null> {
  const [row] = await db.select().from(notificationPolicies).where(eq(notificationPolicies.id, id));
  return row ? toPolicyView(row) : null;
}
