import type { Severity } from '../alerting/types';

/** The delivery actions, as in db/schema/notifications.ts (kept here so formatting has no db import). */
export type NotifyAction = 'trigger' | 'acknowledge' | 'resolve' | 'repeat' | 'escalate' | 'test';

/**
 * What one notification says, captured when the incident changed (stored on the delivery), so a retry
 * an hour later still describes the change it was queued for. Formatting is pure: this in, payload out.
 */
export type NotifyMessage = {
  action: NotifyAction;
  /** When the change happened, ISO-8601. */
  at: string;
  incident: {
    id: string;
    title: string;
    severity: Severity;
    ruleName: string;
    ruleId: string | null;
    series: Record<string, string>;
    labels: Record<string, string>;
    value: number | null;
    threshold: number | null;
    dedupKey: string;
    openedAt: string;
    runbookUrl: string | null;
  } | null;
  /** Who acknowledged or resolved it (`auto` when the rule cleared). */
  actor?: string | null;
  note?: string | null;
  /** Escalation step (1-based beyond the first) or repeat number. */
  step?: number | null;
  /** Links back to Pulseboard. */
  links: { incident: string | null; acknowledge: string | null };
};

const actionWords: Record<NotifyAction, string> = {
  trigger: 'Firing',
  repeat: 'Still firing',
  escalate: 'Escalated',
  acknowledge: 'Acknowledged',
  resolve: 'Resolved',
  test: 'Test',
};

export function actionWord(action: NotifyAction): string {
  return actionWords[action];
}

/** Numbers as people read them: up to 4 significant decimals, no exponent for ordinary values. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** One line: "Firing: [critical] High error rate (type=checkout)". */
export function headline(m: NotifyMessage): string {
  if (!m.incident) return 'Pulseboard test notification';
  return `${actionWord(m.action)}: [${m.incident.severity}] ${m.incident.title}`;
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function labelsText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : '(none)';
}

/** The plain-text body shared by e-mail and fallbacks. */
export function plainText(m: NotifyMessage): string {
  if (!m.incident) return 'This is a test message from Pulseboard. The channel works.';
  const i = m.incident;
  const lines = [
    headline(m),
    `Rule: ${i.ruleName}`,
    `Value: ${formatNumber(i.value)} (threshold ${formatNumber(i.threshold)})`,
    `Series: ${labelsText(i.series)}`,
    `Opened: ${i.openedAt}`,
  ];
  if (m.actor) lines.push(`${actionWord(m.action)} by: ${m.actor}`);
  if (m.note) lines.push(`Note: ${m.note}`);
  if (m.links.incident) lines.push(`Incident: ${m.links.incident}`);
  if (m.links.acknowledge && isFiring(m.action)) lines.push(`Acknowledge: ${m.links.acknowledge}`);
  if (i.runbookUrl) lines.push(`Runbook: ${i.runbookUrl}`);
  return lines.join('\n');
}

export function isFiring(action: NotifyAction): boolean {
  return action === 'trigger' || action === 'repeat' || action === 'escalate';
}
