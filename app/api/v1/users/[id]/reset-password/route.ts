import { json, parseJsonBody, requestActor, route } from '@/server/http';
import { parseWith } from '@/core/validation';
import { runtime } from '@/server/runtime';
import { resetPassword } from '@/core/services/users/reset-password';
import { resetPasswordInputSchema, userIdSchema } from '@/core/services/users/schemas';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

/** 200 `{password}`: the generated password, shown this once, or null when the admin set it. */
export const POST = route(async (request, { params }: Params) => {
  const actor = await requestActor(request);
  const id = parseWith(userIdSchema, (await params).id);
  const input = await parseJsonBody(request, resetPasswordInputSchema);
  const { generatedPassword } = await resetPassword({ ctx: { db: runtime().db, actor }, id, input });
  return json({ password: generatedPassword });
});
