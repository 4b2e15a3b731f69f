// The enumerations of notifications: the database columns, the API and the console all take them from here.

export const channelTypes = ['slack', 'pagerduty', 'webhook', 'email', 'teams'] as const;
export type ChannelType = (typeof channelTypes)[number];

export const deliveryActions = ['trigger', 'acknowledge', 'resolve', 'repeat', 'escalate', 'test'] as const;
export type DeliveryAction = (typeof deliveryActions)[number];

export const deliveryStatuses = ['queued', 'sending', 'sent', 'retrying', 'failed', 'dead', 'held'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
