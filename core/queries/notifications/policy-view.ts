import { asc, eq } from 'drizzle-orm';
import { notificationPolicies, type PolicyMatch, type PolicyStep } from '@/db/schema';
import type { DbOrTx } from '@/db/tx';

/** A notification policy as the API returns it. */
export type PolicyView = {
  id: string;
  name: string;
  enabled: boolean;
  match: PolicyMatch;
  steps: PolicyStep[];
  repeatMinutes: number | null;
  createdAt: string;
  updatedAt: string;
};

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
