import type { IncidentStatus, Severity } from '@/lib/alerting/types';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className="badge severity-badge" data-severity={severity} data-testid="severity-badge">
      {severity}
    </span>
  );
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <span className="badge status-badge" data-status={status} data-testid="status-badge">
      {status}
    </span>
  );
}
