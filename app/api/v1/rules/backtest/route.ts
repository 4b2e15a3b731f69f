import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { backtestRule } from '@/core/services/rules/backtest-rule';
import { backtestInputSchema } from '@/core/services/rules/schemas';

export const dynamic = 'force-dynamic';

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, backtestInputSchema);
  return json(await backtestRule({ ctx: { db: runtime().db, actor }, input }));
});
