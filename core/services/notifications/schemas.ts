import { z } from 'zod';
import { isoInstant } from '@/core/validation';
import { channelTypes, deliveryStatuses } from '@/db/schema/notifications';
import { severities } from '@/lib/alerting/types';
import { hasDecodableCredentials } from '@/lib/notifications/channel-config';

export const channelIdSchema = z.uuid({ error: 'not a channel id' }).toLowerCase();
export const policyIdSchema = z.uuid({ error: 'not a policy id' }).toLowerCase();
export const deliveryIdSchema = z.uuid({ error: 'not a delivery id' }).toLowerCase();

const name = z.string().trim().min(1, 'a channel needs a name').max(200, 'name is at most 200 characters');
const badCredentials = (field: string) =>
  `${field} has a user or password with malformed percent-encoding (write % as %25)`;
const httpUrl = (field: string) =>
  z
    .url({ protocol: /^https?$/, error: `${field} must be an http(s) URL` })
    .max(2000, `${field} is at most 2,000 characters`)
    .refine(hasDecodableCredentials, badCredentials(field));
const secret = (field: string) => z.string().min(8, `${field} needs 8+ characters`).max(500);

/** Per-type channel settings as entered; secret fields are plain here and encrypted before storage. */
export const channelConfigSchemas = {
  slack: z.strictObject({ webhookUrl: httpUrl('webhookUrl') }),
  teams: z.strictObject({ webhookUrl: httpUrl('webhookUrl') }),
  pagerduty: z.strictObject({
    routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'routingKey is the 32-character integration key'),
    webhookSecret: secret('webhookSecret').optional(),
  }),
  webhook: z.strictObject({ url: httpUrl('url'), signingSecret: secret('signingSecret').optional() }),
  email: z.strictObject({
    smtpUrl: z
      .url({ protocol: /^smtps?$/, error: 'smtpUrl must be an smtp:// or smtps:// URL' })
      .max(2000)
      .refine(hasDecodableCredentials, badCredentials('smtpUrl')),
    from: z.email('from must be an e-mail address'),
    to: z.array(z.email('to must list e-mail addresses')).min(1, 'to needs at least one address').max(50),
  }),
} as const;

const variant = <T extends (typeof channelTypes)[number]>(type: T) =>
  z.strictObject({
    name,
    type: z.literal(type),
    enabled: z.boolean().default(true),
    config: channelConfigSchemas[type],
  });

export const createChannelInputSchema = z.discriminatedUnion(
  'type',
  [variant('slack'), variant('teams'), variant('pagerduty'), variant('webhook'), variant('email')],
  { error: `type must be one of ${channelTypes.join(', ')}` },
);
export type CreateChannelInput = z.infer<typeof createChannelInputSchema>;

/** A change; `config` is merged over the stored one, so omitted secret fields keep their stored value. */
export const updateChannelInputSchema = z.strictObject({
  name: name.optional(),
  enabled: z.boolean().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateChannelInput = z.infer<typeof updateChannelInputSchema>;

const labels = z
  .record(z.string().max(64), z.string().max(200))
  .refine((l) => Object.keys(l).length <= 20, 'at most 20 labels');

const policyFields = {
  name: z.string().trim().min(1, 'a policy needs a name').max(200),
  enabled: z.boolean(),
  match: z.strictObject({
    severities: z
      .array(z.enum(severities, { error: `severity must be one of ${severities.join(', ')}` }))
      .max(severities.length, `at most ${severities.length} severities`)
      .refine((list) => new Set(list).size === list.length, 'each severity once')
      .optional(),
    labels: labels.optional(),
  }),
  steps: z
    .array(
      z.strictObject({
        afterMinutes: z
          .number()
          .min(0, 'afterMinutes is 0 or more')
          .max(10_080, 'afterMinutes is at most a week'),
        // Empty is allowed: deleting a channel leaves its steps in place (delete-channel.ts), and what the
        // API answers must be accepted back; such a step notifies nobody, and the editor asks for a channel.
        channelIds: z.array(z.uuid({ error: 'channelIds lists channel ids' }).toLowerCase()).max(20),
      }),
    )
    .min(1, 'a policy needs at least one step')
    .max(10, 'at most 10 steps'),
  repeatMinutes: z.number().min(0.05, 'repeatMinutes is at least 0.05').max(10_080).nullable(),
};

export const createPolicyInputSchema = z.strictObject({
  name: policyFields.name,
  enabled: policyFields.enabled.default(true),
  match: policyFields.match.default({}),
  steps: policyFields.steps,
  repeatMinutes: policyFields.repeatMinutes.default(null),
});
export type CreatePolicyInput = z.infer<typeof createPolicyInputSchema>;

export const updatePolicyInputSchema = z.strictObject({
  name: policyFields.name.optional(),
  enabled: policyFields.enabled.optional(),
  match: policyFields.match.optional(),
  steps: policyFields.steps.optional(),
  repeatMinutes: policyFields.repeatMinutes.optional(),
});
export type UpdatePolicyInput = z.infer<typeof updatePolicyInputSchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  incidentId: z.uuid({ error: 'incidentId must be an incident id' }).toLowerCase().optional(),
  channelId: z.uuid({ error: 'channelId must be a channel id' }).toLowerCase().optional(),
  status: z
    .enum(deliveryStatuses, { error: `status must be one of ${deliveryStatuses.join(', ')}` })
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Deliveries created before this instant (paging). */
  before: isoInstant('before').optional(),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;
