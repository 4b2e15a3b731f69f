import { startHttpReceiver, type Answer, type HttpReceiver } from './http-receiver';

const severities = ['critical', 'error', 'warning', 'info'];
const actions = ['trigger', 'acknowledge', 'resolve'];

/** Answers as the Events API v2 does (developer.pagerduty.com, "Send an event"). */
export const pagerDutyAnswers = {
  accepted: (dedupKey: string): Answer => ({
    status: 202,
    body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: dedupKey }),
    headers: { 'content-type': 'application/json' },
  }),
  invalid: (errors: string[]): Answer => ({
    status: 400,
    body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }),
    headers: { 'content-type': 'application/json' },
  }),
  rateLimited: (): Answer => ({ status: 429, body: '', headers: {} }),
  serverError: (): Answer => ({ status: 500, body: '', headers: {} }),
};

/** The checks the real endpoint makes on an event; an empty list means valid. */
export function validatePagerDutyEvent(event: unknown): string[] {
  const errors: string[] = [];
  const e = event as Record<string, unknown> | null;
  if (!e || typeof e !== 'object') return ['Event object is invalid'];
  if (typeof e.routing_key !== 'string' || e.routing_key.length === 0)
    errors.push("'routing_key' is missing or blank");
  else if (e.routing_key.length !== 32) errors.push("'routing_key' must be 32 characters");
  if (!actions.includes(String(e.event_action)))
    errors.push("'event_action' must be one of trigger, acknowledge, resolve");
  if (e.event_action !== 'trigger' && (typeof e.dedup_key !== 'string' || !e.dedup_key))
    errors.push("'dedup_key' is required for acknowledge and resolve");
  if (typeof e.dedup_key === 'string' && e.dedup_key.length > 255)
    errors.push("'dedup_key' must be at most 255 characters");
  if (e.event_action === 'trigger') {
    const p = e.payload as Record<string, unknown> | undefined;
    if (!p || typeof p !== 'object') errors.push("'payload' is missing");
    else {
      if (typeof p.summary !== 'string' || !p.summary) errors.push("'payload.summary' is missing or blank");
      else if (p.summary.length > 1024) errors.push("'payload.summary' must be at most 1024 characters");
      if (typeof p.source !== 'string' || !p.source) errors.push("'payload.source' is missing or blank");
      if (!severities.includes(String(p.severity)))
        errors.push("'payload.severity' must be one of critical, error, warning, info");
      if (
        p.timestamp !== undefined &&
        (typeof p.timestamp !== 'string' || Number.isNaN(Date.parse(p.timestamp)))
      )
        errors.push("'payload.timestamp' must be ISO 8601");
    }
  }
  if (e.links !== undefined && !Array.isArray(e.links)) errors.push("'links' must be an array");
  return errors;
}

/** A PagerDuty Events API v2 receiver: 202 with the dedup_key, 400 `invalid event` on a bad event. */
export function startPagerDutyReceiver(options: { port?: number } = {}): Promise<HttpReceiver> {
  return startHttpReceiver((r) => {
    if (r.path !== '/v2/enqueue') return { status: 404, body: 'not found' };
    const errors = validatePagerDutyEvent(r.json);
    if (errors.length) return pagerDutyAnswers.invalid(errors);
    const e = r.json as { dedup_key?: string };
    return pagerDutyAnswers.accepted(e.dedup_key ?? `generated-${r.at}`);
  }, options);
}
