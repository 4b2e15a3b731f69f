import { eq } from 'drizzle-orm';
import { channels } from '@/db/schema';
import { decryptSecrets, encryptSecrets } from '@/lib/notifications/secrets';
import { rotateSigningSecret } from '@/lib/notifications/webhook';
import { requireRole } from '@/core/auth/context';
import { z } from 'zod';
import { NotFoundError } from '@/core/errors';
import { parseWith } from '@/core/validation';
import { lastDeliveries, toChannelView } from '@/core/queries/notifications/channel-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import { changesNothing } from '@/core/services/unchanged';
import { checkTargets, splitConfig } from './channel-secrets';
import type { NotifyContext } from './context';
import { channelConfigSchemas, type UpdateChannelInput } from './schemas';
import type { ChannelView } from '@/contracts/responses/notifications';

const rotationFields = new Set(['previousSigningSecret', 'previousSigningSecretUntil']);

/**
 * Changes a channel. The new config is merged over the stored one: an omitted secret field — or one sent
 * back in its masked form — keeps the stored value. The merged config is validated as a whole.
 */
export async function updateChannel({
  ctx,
  id,
  input,
}: {
  ctx: NotifyContext;
  id: string;
  input: UpdateChannelInput;
}): Promise<ChannelView> {
  const actor = requireRole(ctx.actor, 'admin');
  const [current] = await ctx.db.select().from(channels).where(eq(channels.id, id));
  if (!current) throw new NotFoundError(`no channel with id ${id}`);
  const changed = Object.fromEntries(
    Object.entries(input.config ?? {}).filter(
      ([k, v]) => !(typeof v === 'string' && v.includes('••••')) && !rotationFields.has(k),
    ),
  );
  // A signing secret's rotation is the server's to keep (kept out of the validated, editable config).
  const stored = { ...current.config, ...decryptSecrets(ctx.secretKey, current.secrets) };
  const editable = Object.fromEntries(Object.entries(stored).filter(([k]) => !rotationFields.has(k)));
  // Parsed under its name, so an error names `config.<key>` as a create's does.
  const { config } = parseWith(z.strictObject({ config: channelConfigSchemas[current.type] }), {
    config: { ...editable, ...changed },
  }) as { config: Record<string, unknown> };
  if (
    changesNothing(current, { name: input.name, enabled: input.enabled }) &&
    changesNothing(editable, changed)
  ) {
    return toChannelView(current, ctx.secretKey, (await lastDeliveries(ctx.db, [id], true)).get(id) ?? null);
  }
  if (current.type === 'webhook') {
    const signingSecret = typeof config.signingSecret === 'string' ? config.signingSecret : undefined;
    Object.assign(config, rotateSigningSecret(stored, signingSecret, new Date()));
  }
  const { plain, secrets } = splitConfig(current.type, config);
  checkTargets(secrets, ctx.allowPrivate);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(channels)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        config: plain,
        secrets: encryptSecrets(ctx.secretKey, secrets),
        updatedAt: new Date(),
      })
      .where(eq(channels.id, id))
      .returning();
    if (!row) throw new NotFoundError(`no channel with id ${id}`);
    const view = toChannelView(row, ctx.secretKey, (await lastDeliveries(tx, [id], true)).get(id) ?? null);
    await recordAudit(tx, actor, {
      action: 'channel.update',
      targetType: 'channel',
      targetId: id,
      changes: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.config ? { configFields: Object.keys(changed) } : {}),
      },
    });
    return view;
  });
}
