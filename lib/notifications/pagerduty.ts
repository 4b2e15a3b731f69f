import { headline, labelsText, truncate, type NotifyMessage } from './message';

/** PagerDuty Events API v2 (developer.pagerduty.com/api-reference/368ae3d938c9e-send-an-event-to-pager-duty). */
export const pagerDutySeverities = ['critical', 'error', 'warning', 'info'] as const;
export const pagerDutyActions = ['trigger', 'acknowledge', 'resolve'] as const;

export type PagerDutyEvent = {
  routing_key: string;
  event_action: (typeof pagerDutyActions)[number];
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: (typeof pagerDutySeverities)[number];
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  client: string;
  client_url?: string;
  links?: { href: string; text: string }[];
};

/**
 * Maps a notification to one Events API v2 event. Firing notices (trigger, repeat, escalate) are all
 * `trigger` with the incident's dedup_key, which PagerDuty folds into the same alert.
 */
export function pagerDutyEvent(m: NotifyMessage, routingKey: string, testId = 'test'): PagerDutyEvent {
  const i = m.incident;
  if (!i) {
    return {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: `pulseboard-test-${testId}`,
      payload: {
        summary: 'Pulseboard test notification',
        source: 'pulseboard',
        severity: 'info',
        timestamp: m.at,
        component: 'pulseboard',
        group: 'test',
        class: 'test',
        custom_details: { test: true },
      },
      client: 'Pulseboard',
    };
  }
  const eventAction =
    m.action === 'acknowledge' ? 'acknowledge' : m.action === 'resolve' ? 'resolve' : 'trigger';
  const links = [
    ...(m.links.incident ? [{ href: m.links.incident, text: 'Pulseboard incident' }] : []),
    ...(i.runbookUrl ? [{ href: i.runbookUrl, text: 'Runbook' }] : []),
  ];
  return {
    routing_key: routingKey,
    event_action: eventAction,
    dedup_key: i.dedupKey,
    payload: {
      summary: truncate(headline(m), 1024),
      source: truncate(Object.keys(i.series).length ? labelsText(i.series) : 'pulseboard', 255),
      severity: i.severity,
      timestamp: m.at,
      component: truncate(i.ruleName, 255),
      group: truncate(i.labels.team ?? i.labels.service ?? i.ruleName, 255),
      class: truncate(i.labels.class ?? 'threshold', 255),
      custom_details: {
        value: i.value,
        threshold: i.threshold,
        series: i.series,
        labels: i.labels,
        openedAt: i.openedAt,
        ...(m.actor ? { by: m.actor } : {}),
        ...(m.note ? { note: m.note } : {}),
        ...(m.step ? { step: m.step } : {}),
      },
    },
    client: 'Pulseboard',
    ...(m.links.incident ? { client_url: m.links.incident } : {}),
    ...(links.length ? { links } : {}),
  };
}
