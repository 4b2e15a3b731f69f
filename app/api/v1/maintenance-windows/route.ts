import { requireRole } from '@/core/auth/context';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { listMaintenanceWindows } from '@/core/queries/rules/list-maintenance-windows';
import { runtime } from '@/server/runtime';
import { createMaintenanceWindow } from '@/core/services/maintenance-windows/create-maintenance-window';
import { createMaintenanceWindowInputSchema } from '@/core/services/maintenance-windows/schemas';

export const dynamic = 'force-dynamic';

export const GET = route(async (request) => {
  requireRole(await requestActor(request), 'viewer');
  return json({ maintenanceWindows: await listMaintenanceWindows(runtime().db) });
});

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, createMaintenanceWindowInputSchema);
  return json(await createMaintenanceWindow({ ctx: { db: runtime().db, actor }, input }), 201);
});
