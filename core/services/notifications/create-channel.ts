import { channels } from '@/db/schema';
import { encryptSecrets } from '@/lib/notifications/secrets';
import { requireRole } from '@/core/auth/context';
import { toChannelView } from '@/core/queries/notifications/channel-view';
import { recordAudit } from '@/core/services/audit/record-audit';
import { checkTargets, newSigningSecret, splitConfig } from './channel-secrets';
import type { NotifyContext } from './context';
import type { CreateChannelInput } from './schemas';
import type { ChannelView } from '@/contracts/responses/notifications';

/** Admins add a channel; its secrets are encrypted before they reach the database. */
export async function createChannel({
  ctx,
  input,
}: {
  ctx: NotifyContext;
  input: CreateChannelInput;
}): Promise<ChannelView & { signingSecret?: string }> {
  const actor = requireRole(ctx.actor, 'admin');
  const config: Record<string, unknown> = { ...input.config };
  let generated: string | undefined;
  if (input.type === 'webhook' && !config.signingSecret)
    config.signingSecret = generated = newSigningSecret();
  const { plain, secrets } = splitConfig(input.type, config);
  checkTargets(secrets, ctx.allowPrivate);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(channels)
      .values({
        name: input.name,
        type: input.type,
        enabled: input.enabled,
        config: plain,
        secrets: encryptSecrets(ctx.secretKey, secrets),
      })
      .returning();
    if (!row) throw new Error('insert returned no channel');
    const view = toChannelView(row, ctx.secretKey);
    await recordAudit(tx, actor, {
      action: 'channel.create',
      targetType: 'channel',
      targetId: row.id,
      changes: { name: view.name, type: view.type, enabled: view.enabled, config: view.config },
    });
    // The generated signing secret is shown once, here; afterwards only masked.
    return input.type === 'webhook' && generated ? { ...view, signingSecret: generated } : view;
  });
}
