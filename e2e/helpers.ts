import { expect, request as requests, type APIRequestContext, type Page } from '@playwright/test';
import { e2eAdmin, e2eBase, e2eIngestKey } from '../playwright.config';

export { e2eAdmin, e2eBase, e2eIngestKey };

/** A type name of this test's own, so nothing else can move its numbers. */
export function uniqueType(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function logIn(page: Page, who = e2eAdmin): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signing in hashes with argon2 (memory-hard by design): on two busy cores that alone can take seconds.
  await expect(page).toHaveURL(`${e2eBase}/`, { timeout: 30_000 });
}

/** Creates a user through the users API, as an admin signed in on a request context of its own. */
export async function createUser(
  who: { email: string; password: string },
  role: 'viewer' | 'operator' | 'admin',
): Promise<void> {
  const api = await requests.newContext({ baseURL: e2eBase, extraHTTPHeaders: { origin: e2eBase } });
  try {
    const session = await api.post('/api/v1/session', { data: e2eAdmin });
    expect(session.status(), await session.text()).toBeLessThan(300);
    const user = await api.post('/api/v1/users', {
      data: { email: who.email, password: who.password, role, name: `E2E ${role}` },
    });
    expect(user.status(), await user.text()).toBe(201);
  } finally {
    await api.dispose();
  }
}

/** Posts events through the public ingest API, as a producer would. */
export async function postEvents(request: APIRequestContext, events: unknown[], key = e2eIngestKey) {
  return request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    data: JSON.stringify({ events }),
  });
}

const apiHeaders = { origin: e2eBase, 'content-type': 'application/json' };

/** A count metric named after its own event type (`dimensions` optional), created over the API. */
export async function createCountMetric(page: Page, type: string, dimensions: string[] = []): Promise<void> {
  const metric = await page.request.post('/api/v1/metrics', {
    headers: apiHeaders,
    data: { name: type, eventTypes: [type], aggregation: 'count', dimensions },
  });
  expect(metric.status(), await metric.text()).toBe(201);
}

/**
 * A threshold rule `metric > above` over 1 minute with no pending period, created over the API (`extra`:
 * any other field of the rule); answers its id.
 */
export async function createThresholdRule(
  page: Page,
  rule: { name: string; metric: string; above: number; extra?: Record<string, unknown> },
): Promise<string> {
  const created = await page.request.post('/api/v1/rules', {
    headers: apiHeaders,
    data: {
      name: rule.name,
      kind: 'threshold',
      metric: rule.metric,
      window: '1m',
      pendingSeconds: 0,
      params: { op: '>', value: rule.above },
      ...rule.extra,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/** The id of the newest incident of a rule, or '' while it has none. */
export async function incidentOfRule(page: Page, ruleId: string): Promise<string> {
  const r = await page.request.get(`/api/v1/incidents?rule=${ruleId}`);
  return ((await r.json()) as { incidents: { id: string }[] }).incidents[0]?.id ?? '';
}

/**
 * A count metric on its own event type, a threshold rule on it (> 20 over 1 minute, no pending), and a
 * burst of 50 events that breaches it: the rule's and the incident's ids once the incident is open.
 */
export async function openThresholdIncident(
  page: Page,
  type: string,
  ruleName = `E2E ${type}`,
): Promise<{ ruleId: string; incidentId: string }> {
  await createCountMetric(page, type);
  const ruleId = await createThresholdRule(page, { name: ruleName, metric: type, above: 20 });
  const now = Date.now();
  const events = Array.from({ length: 50 }, (_, i) => ({ id: `${type}-${i}`, type, ts: now - i * 10 }));
  expect((await postEvents(page.request, events)).status()).toBe(202);
  let incidentId = '';
  await expect
    .poll(async () => (incidentId = await incidentOfRule(page, ruleId)), { timeout: 30_000 })
    .not.toBe('');
  return { ruleId, incidentId };
}

/**
 * Opens `count` incidents as an admin and a producer would: a count metric over a type of the caller's
 * own, `count` threshold rules on it (> 5 over 1 m, no pending period, no auto-resolve, so the incidents
 * stay triggered however long the test takes), then events until every rule has opened its incident (the
 * workers pick a new rule up within a few seconds). Answers the incident ids.
 */
export async function openIncidents(
  page: Page,
  prefix: string,
  count = 1,
): Promise<{ type: string; ids: string[]; ruleNames: string[] }> {
  const type = uniqueType(prefix);
  await createCountMetric(page, type);
  const ruleNames = Array.from({ length: count }, (_, i) => `${type} rule ${i + 1}`);
  const ruleIds: string[] = [];
  for (const name of ruleNames) {
    ruleIds.push(
      await createThresholdRule(page, { name, metric: type, above: 5, extra: { autoResolve: false } }),
    );
  }
  const ids = new Map<string, string>();
  await expect(async () => {
    const now = Date.now();
    const events = Array.from({ length: 10 }, (_, i) => ({
      id: `${type}-${now}-${i}`,
      type,
      ts: now - i * 10,
    }));
    expect((await postEvents(page.request, events)).status()).toBe(202);
    for (const ruleId of ruleIds) {
      if (ids.has(ruleId)) continue;
      const id = await incidentOfRule(page, ruleId);
      if (id) ids.set(ruleId, id);
    }
    expect(ids.size).toBe(ruleIds.length);
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  return { type, ids: ruleIds.map((r) => ids.get(r) ?? ''), ruleNames };
}
