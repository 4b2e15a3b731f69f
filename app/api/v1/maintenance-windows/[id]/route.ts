import { requireRole } from '@/core/auth/context';
import { NotFoundError } from '@/core/errors';
import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { getMaintenanceWindow } from '@/core/queries/rules/list-maintenance-windows';
import { runtime } from '@/server/runtime';
import { deleteMaintenanceWindow } from '@/core/services/maintenance-windows/delete-maintenance-window';
import {
  maintenanceWindowIdSchema,
  updateMaintenanceWindowInputSchema,
} from '@/core/services/maintenance-windows/schemas';
import { updateMaintenanceWindow } from '@/core/services/maintenance-windows/update-maintenance-window';

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
