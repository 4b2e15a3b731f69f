'use client';

import { describeAttempt, useDelivery } from './notification-api';
import { DeliveryStatusBadge } from './delivery-status-badge';

/** The outcome of "Send test": the test delivery, followed until it is sent, failed or dead. */
export function TestResult({ deliveryId, error }: { deliveryId: string | null; error: string | null }) {
  const delivery = useDelivery(deliveryId);
  if (error) {
    return (
      <span className="test-result" role="status" data-testid="test-result" data-status="error">
        {error}
      </span>
    );
  }
  if (!deliveryId) return null;
  const d = delivery.data;
  return (
    <span className="test-result" role="status" data-testid="test-result" data-status={d?.status ?? 'queued'}>
      {d ? <DeliveryStatusBadge status={d.status} /> : <span className="muted">queued…</span>}{' '}
      {d && d.attempts.length > 0 && <span className="cell-note">{describeAttempt(d.attempts.at(-1))}</span>}
    </span>
  );
}
