import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { listNegativeTexts } from '@/core/queries/sentiment/negative-texts';
import { negativeTextsQuerySchema } from '@/core/queries/sentiment/schemas';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The latest strongly negative texts, newest first (the Sentiment page's feed). */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json(await listNegativeTexts(runtime().db, parseQuery(request, negativeTextsQuerySchema)));
});
