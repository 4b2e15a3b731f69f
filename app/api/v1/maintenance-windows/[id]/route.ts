import { requireRole } from '@/server/auth/context';
import { NotFoundError } from '@/server/errors';
import { json, parseJsonBody, parseWith, requestActor, route } from '@/server/http';
import { getMaintenanceWindow } from '@/server/queries/rules/list-maintenance-windows';
import { runtime } from '@/server/runtime';
import { deleteMaintenanceWindow } from '@/server/services/maintenance-windows/delete-maintenance-window';
import {
  maintenanceWindowIdSchema,
  updateMaintenanceWindowInputSchema,
} from '@/server/services/maintenance-windows/schemas';
import { updateMaintenanceWindow } from '@/server/services/maintenance-windows/update-maintenance-window';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

export const GET = route(async (request, { params }: Params) => {
  requireRole(await requestActor(request), 'viewer');
  const id = parseWith(maintenanceWindowIdSchema, (await params).id);
  const window = await getMaintenanceWindow(runtime().db, id);
  if (!window) throw new NotFoundError(`no maintenance window with id ${id}`);
  return json(window);
});

export const PATCH = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(maintenanceWindowIdSchema, (await params).id);
  const input = await parseJsonBody(request, updateMaintenanceWindowInputSchema);
  return json(await updateMaintenanceWindow({ ctx: { db: runtime().db, actor }, id, input }));
});

export const DELETE = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(maintenanceWindowIdSchema, (await params).id);
  await deleteMaintenanceWindow({ ctx: { db: runtime().db, actor }, id });
  return new Response(null, { status: 204 });
});
