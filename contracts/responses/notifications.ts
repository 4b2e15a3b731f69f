import { z } from 'zod';
import { severities } from '@/lib/alerting/types';
import { channelTypes, deliveryActions, deliveryStatuses } from '@/lib/notifications/kinds';

// What the notification API answers: channels, policies, the delivery log.

/** A channel as the API returns it: secret fields masked, never the stored values. */
export const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(channelTypes),
  enabled: z.boolean(),
  /** Per-type settings; secret fields masked. */
  config: z.record(z.string(), z.unknown()),
  /**
   * The channel's newest delivery (a test included) and the answer to its latest attempt, so a channel
   * that stopped working shows before the incident it was meant to page for; null before the first.
   */
  lastDelivery: z
    .object({
      action: z.enum(deliveryActions),
      status: z.enum(deliveryStatuses),
      /** When the delivery last changed (its status). */
      at: z.string(),
      statusCode: z.number().nullable(),
      /** The start of the target's answer; admins only (null for others), as in the delivery log. */
      responseExcerpt: z.string().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelView = z.infer<typeof channelSchema>;
export type LastDelivery = ChannelView['lastDelivery'];

/** A notification policy as the API returns it. */
export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  match: z.object({
    severities: z.array(z.enum(severities)).optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  steps: z.array(z.object({ afterMinutes: z.number(), channelIds: z.array(z.string()) })),
  repeatMinutes: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PolicyView = z.infer<typeof policySchema>;

export const deliveryAttemptSchema = z.object({
  at: z.string(),
  statusCode: z.number().nullable(),
  /** The start of the target's answer; admins only (null for others), as it may hold what a target leaked. */
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type DeliveryAttemptView = z.infer<typeof deliveryAttemptSchema>;

/** A delivery with every attempt: one line of the delivery log. */
export const deliverySchema = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  incidentTitle: z.string().nullable(),
  channelId: z.string(),
  channelName: z.string(),
  channelType: z.enum(channelTypes),
  action: z.enum(deliveryActions),
  status: z.enum(deliveryStatuses),
  attempts: z.array(deliveryAttemptSchema),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof deliverySchema>;
