/** The tabs of /notifications, in order; `?tab=` picks one. */
export const notificationsTabs = [
  { id: 'channels', label: 'Channels' },
  { id: 'policies', label: 'Policies' },
  { id: 'deliveries', label: 'Delivery log' },
] as const;
export type NotificationsTab = (typeof notificationsTabs)[number]['id'];

export function isNotificationsTab(value: unknown): value is NotificationsTab {
  return notificationsTabs.some((t) => t.id === value);
}
