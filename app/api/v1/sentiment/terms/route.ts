import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { listRisingTerms } from '@/core/queries/sentiment/rising-terms';
import { risingTermsQuerySchema } from '@/core/queries/sentiment/schemas';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Terms rising most in negative texts: the last hour against the day before. */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json(await listRisingTerms(runtime().db, parseQuery(request, risingTermsQuerySchema)));
});
