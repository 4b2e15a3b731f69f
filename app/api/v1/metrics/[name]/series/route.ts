import { requireRole } from '@/core/auth/context';
import { ValidationError } from '@/core/errors';
import { json, parseQuery, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { metricSeries } from '@/core/queries/metrics/metric-series';
import { runtime } from '@/server/runtime';
import { metricNameSchema, seriesQuerySchema } from '@/core/services/metrics/schemas';
import { windowedSeries } from '@/core/services/metrics/windowed-series';

export const dynamic = 'force-dynamic';

export const GET = route(async (request, { params }: { params: Promise<{ name: string }> }) => {
  requireRole(await requestActor(request), 'viewer');
  const name = parseWith(metricNameSchema, (await params).name);
  const query = parseQuery(request, seriesQuerySchema);
  const { window } = query;
  const { db, readDb } = runtime();
  if (window) return json(await windowedSeries(db, name, { ...query, window }, readDb));
  const result = await metricSeries(db, name, query, readDb);
  if (!query.where) return json(result);
  // Bucketed series are filtered by their groups, so each filtered dimension must be one of them.
  const where = Object.entries(query.where);
  const outside = where.find(([dim]) => !(query.group ?? []).includes(dim));
  if (outside) throw new ValidationError(`where ${outside[0]} needs ${outside[0]} in group`, 'where');
  return json({ ...result, series: result.series.filter((s) => where.every(([k, v]) => s.group[k] === v)) });
});
