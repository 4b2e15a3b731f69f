import { requireRole } from '@/core/auth/context';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { listAudit } from '@/core/queries/audit/list-audit';
import { auditQuerySchema } from '@/core/queries/audit/schemas';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/audit?actor=&action=&target=&before=&limit=` (admin): newest first. */
export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'admin');
  const query = parseQuery(request, auditQuerySchema);
  return json(await listAudit(runtime().db, query));
});
