'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { channelsQueryKey, describeAttempt, finalStatuses, useDelivery } from './notification-api';
import { DeliveryStatusBadge } from './delivery-status-badge';

/** The outcome of "Send test": the test delivery, followed until it is sent, failed or dead. */
export function TestResult({ deliveryId, error }: { deliveryId: string | null; error: string | null }) {
  const delivery = useDelivery(deliveryId);
  const queryClient = useQueryClient();
  const finished = delivery.data !== undefined && finalStatuses.has(delivery.data.status);
  useEffect(() => {
    // The channels list shows each channel's last delivery: this one, now that it has its outcome.
    if (finished) void queryClient.invalidateQueries({ queryKey: channelsQueryKey });
  }, [finished, queryClient]);
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
