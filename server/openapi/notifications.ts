import { z } from 'zod';
import { errorSchema } from '@/contracts/responses/common';
import { channelSchema, deliverySchema, policySchema } from '@/contracts/responses/notifications';
import { registerComponents } from '@/server/openapi-components';
import {
  createChannelInputSchema,
  createPolicyInputSchema,
  listDeliveriesQuerySchema,
  updateChannelInputSchema,
  updatePolicyInputSchema,
} from '@/core/services/notifications/schemas';

/** The notification part of /api/v1/openapi.json: channels, policies, the delivery log, PagerDuty inbound. */

registerComponents({ Channel: channelSchema, NotificationPolicy: policySchema, Delivery: deliverySchema });

type NotifyOperation = {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'session' | 'none';
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
};

const denied = { 401: errorSchema, 403: errorSchema };
const op = (o: Omit<NotifyOperation, 'auth'>): NotifyOperation => ({ ...o, auth: 'session' });

export const notifyOperations: NotifyOperation[] = [
  op({
    method: 'get',
    path: '/api/v1/channels',
    summary: 'Notification channels (secrets masked)',
    responses: { 200: z.object({ channels: z.array(channelSchema) }), ...denied },
  }),
  op({
    method: 'post',
    path: '/api/v1/channels',
    summary: 'Create a channel (admin); a generated webhook signingSecret is returned once',
    body: createChannelInputSchema,
    responses: {
      201: channelSchema.extend({ signingSecret: z.string().optional() }),
      400: errorSchema,
      ...denied,
    },
  }),
  op({
    method: 'get',
    path: '/api/v1/channels/{id}',
    summary: 'One channel',
    responses: { 200: channelSchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'patch',
    path: '/api/v1/channels/{id}',
    summary: 'Change a channel (admin); omitted or masked secret fields keep their value',
    body: updateChannelInputSchema,
    responses: { 200: channelSchema, 400: errorSchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'delete',
    path: '/api/v1/channels/{id}',
    summary: 'Delete a channel and its deliveries (admin)',
    responses: { 204: null, ...denied, 404: errorSchema },
  }),
  op({
    method: 'post',
    path: '/api/v1/channels/{id}/test',
    summary: 'Queue a test message (admin)',
    responses: { 202: z.object({ delivery: deliverySchema }), ...denied, 404: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/notification-policies',
    summary: 'Notification policies',
    responses: { 200: z.object({ policies: z.array(policySchema) }), ...denied },
  }),
  op({
    method: 'post',
    path: '/api/v1/notification-policies',
    summary: 'Create a policy (admin)',
    body: createPolicyInputSchema,
    responses: { 201: policySchema, 400: errorSchema, ...denied },
  }),
  op({
    method: 'get',
    path: '/api/v1/notification-policies/{id}',
    summary: 'One policy',
    responses: { 200: policySchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'patch',
    path: '/api/v1/notification-policies/{id}',
    summary: 'Change a policy (admin)',
    body: updatePolicyInputSchema,
    responses: { 200: policySchema, 400: errorSchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'delete',
    path: '/api/v1/notification-policies/{id}',
    summary: 'Delete a policy (admin); 409 while a rule uses it',
    responses: { 204: null, ...denied, 404: errorSchema, 409: errorSchema },
  }),
  op({
    method: 'get',
    path: '/api/v1/deliveries',
    summary: 'The delivery log, newest first, with every attempt (response excerpts for admins only)',
    query: listDeliveriesQuerySchema,
    responses: { 200: z.object({ deliveries: z.array(deliverySchema) }), 400: errorSchema, ...denied },
  }),
  op({
    method: 'get',
    path: '/api/v1/deliveries/{id}',
    summary: 'One delivery',
    responses: { 200: deliverySchema, ...denied, 404: errorSchema },
  }),
  op({
    method: 'post',
    path: '/api/v1/deliveries/{id}/resend',
    summary: 'Resend a delivery as a new one (operator)',
    responses: { 202: z.object({ delivery: deliverySchema }), ...denied, 404: errorSchema },
  }),
  {
    method: 'post',
    path: '/api/v1/integrations/pagerduty/{channelId}',
    summary:
      'PagerDuty V3 webhook (X-PagerDuty-Signature): acknowledges or resolves the incident with that dedup key',
    auth: 'none',
    responses: {
      200: z.object({
        handled: z.enum(['acknowledged', 'resolved', 'ignored']),
        incidentId: z.string().nullable(),
      }),
      400: errorSchema,
      401: errorSchema,
      404: errorSchema,
    },
  },
];
