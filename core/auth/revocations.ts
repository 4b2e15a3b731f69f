import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import type { Tx } from '@/db/tx';

/** The PostgreSQL channel every web process listens on to drop the live sockets of revoked credentials. */
export const revocationsChannel = 'pulseboard_revocations';

/**
 * What was revoked: one credential (a session or a personal token, by its stored SHA-256), or a user's
 * sessions (all but `keepSession`) and, with `tokens`, their personal tokens.
 */
export const revocationSchema = z.union([
  z.object({ credential: z.string().length(64) }),
  z.object({
    userId: z.string().min(1),
    tokens: z.boolean(),
    keepSession: z.string().length(64).nullable(),
  }),
]);
export type Revocation = z.infer<typeof revocationSchema>;

/**
 * Announces a revocation inside the transaction that makes it: PostgreSQL delivers a NOTIFY only when that
 * transaction commits, so the sockets drop exactly when the database says the credential is gone, and a
 * rolled-back change drops nothing. Payloads are a few hundred bytes (the limit is 8000).
 */
export async function notifyRevocation(tx: Db | Tx, revocation: Revocation): Promise<void> {
  await tx.execute(sql`select pg_notify(${revocationsChannel}, ${JSON.stringify(revocation)})`);
}

/** Reads a NOTIFY payload; anything else (another version's shape) answers null. */
export function parseRevocation(payload: string): Revocation | null {
  try {
    const parsed = revocationSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
