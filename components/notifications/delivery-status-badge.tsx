import type { DeliveryStatus } from './notification-api';

/** A delivery's status as a coloured badge: sent green, retrying/held amber, failed/dead red. */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <span className="badge delivery-badge" data-status={status} data-testid="delivery-status">
      {status}
    </span>
  );
}
