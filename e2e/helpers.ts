import { expect, type APIRequestContext, type Page } from '@playwright/test';
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
  await expect(page).toHaveURL(`${e2eBase}/`);
}

/** Posts events through the public ingest API, as a producer would. */
export async function postEvents(request: APIRequestContext, events: unknown[], key = e2eIngestKey) {
  return request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    data: JSON.stringify({ events }),
  });
}
