import type { Db } from '@/db/client';
import type { Actor } from '@/core/auth/context';

export type OverviewLayoutContext = { db: Db; actor: Actor | null };
