import { json, route } from '@/server/http';
import { readiness } from '@/server/queries/system/readiness';
import { runtime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  const result = await readiness(runtime());
  return json(result, result.ready ? 200 : 503, result.ready ? {} : { 'retry-after': '5' });
});
