import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { runtime } from '@/server/runtime';
import { backtestSurgeRule } from '@/core/services/surge-rules/backtest-surge-rule';
import { surgeBacktestInputSchema } from '@/core/services/surge-rules/schemas';

export const dynamic = 'force-dynamic';

export const POST = route(async (request) => {
  const actor = await requestActor(request);
  const input = await parseJsonBody(request, surgeBacktestInputSchema);
  return json(await backtestSurgeRule({ ctx: { db: runtime().db, actor }, input }));
});
