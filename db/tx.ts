import type { Db } from '@/db/client';

/** An open drizzle transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The database or an open transaction: reads and writes that may join the caller's transaction take either. */
export type DbOrTx = Db | Tx;
