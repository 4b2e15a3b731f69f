import { eq, inArray } from 'drizzle-orm';
import { channels, notificationPolicies } from '@/db/schema';
import { ValidationError } from '@/core/errors';
import type { DbOrTx } from '@/db/tx';

/** Every channel a policy or rule names must exist; the 400 names the first missing one. */
export async function checkChannelsExist(db: DbOrTx, ids: string[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = new Set(
    // FOR SHARE: a concurrent delete of one of them waits for this save, or this save sees it gone.
    (
      await db.select({ id: channels.id }).from(channels).where(inArray(channels.id, unique)).for('share')
    ).map((r) => r.id),
  );
  const missing = unique.find((id) => !found.has(id));
  if (missing) throw new ValidationError(`no channel with id ${missing}`, field);
}

/** A rule's notification targets must exist: its channels and its policy (400 naming the field). */
export async function checkRuleTargets(
  db: DbOrTx,
  input: { channelIds: string[]; policyId: string | null },
): Promise<void> {
  await checkChannelsExist(db, input.channelIds, 'channelIds');
  if (!input.policyId) return;
  const [policy] = await db
    .select({ id: notificationPolicies.id })
    .from(notificationPolicies)
    .where(eq(notificationPolicies.id, input.policyId))
    .for('share');
  if (!policy) throw new ValidationError(`no notification policy with id ${input.policyId}`, 'policyId');
}
