import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** An iPhone 12–15 sized viewport: the phone an on-call engineer opens a Slack or PagerDuty link on. */
export const phone = { width: 390, height: 844 };

export type Box = { x: number; y: number; width: number; height: number };

export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The page's width and the elements that stick out past the right (or left) edge of the viewport,
 * leaving out those inside a box that scrolls or clips horizontally (a table in its own scroller).
 */
export async function overflow(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= window.innerWidth + 0.5 && r.left >= -0.5) continue;
      if (clipped(el)) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''
      }`;
      wide.push(`${name} [${Math.round(r.left)}..${Math.round(r.right)}]`);
    }
    return { scrollWidth: document.scrollingElement?.scrollWidth ?? 0, wide: wide.slice(0, 8) };
  });
}

/** No horizontal scroll: the page is no wider than the phone, and nothing pokes out of it. */
export async function expectFitsPhone(page: Page, what: string): Promise<void> {
  const found = await overflow(page);
  expect(found.wide, `${what}: elements wider than the viewport`).toEqual([]);
  expect(found.scrollWidth, `${what}: page width`).toBeLessThanOrEqual(phone.width);
}

/** Every WCAG 2.0–2.2 A/AA rule (2.2 adds the target size), all impacts. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .setLegacyMode(true)
    .analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${n.target.join(' ')}`),
  );
}

/** Axe reads colours half-way through a transition otherwise. */
export async function stopTransitions(page: Page): Promise<void> {
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
}

/** The element is on screen, whole, and big enough for a thumb (44 × 44 CSS px). */
export async function expectThumbTarget(target: Locator, viewport = phone): Promise<Box> {
  await expect(target).toBeVisible();
  const box = await target.boundingBox();
  expect(box, 'has a box').not.toBeNull();
  const b = box as Box;
  expect(b.x, 'left edge on screen').toBeGreaterThanOrEqual(0);
  expect(b.x + b.width, 'right edge on screen').toBeLessThanOrEqual(viewport.width);
  expect(b.y, 'top edge on screen').toBeGreaterThanOrEqual(0);
  expect(b.y + b.height, 'bottom edge on screen').toBeLessThanOrEqual(viewport.height);
  expect(b.height, 'touch target height').toBeGreaterThanOrEqual(44);
  expect(b.width, 'touch target width').toBeGreaterThanOrEqual(44);
  return b;
}

/** Every static console screen: each `page.tsx` under app/(console), found at run time (as a11y.spec.ts). */
export function consoleScreens(): string[] {
  const root = path.resolve(import.meta.dirname, '../../app/(console)');
  const found: string[] = [];
  const walk = (dir: string, route: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name.startsWith('[') || name.startsWith('_') || name.startsWith('@')) continue;
        walk(full, name.startsWith('(') ? route : `${route}/${name}`);
      } else if (name === 'page.tsx') {
        found.push(route || '/');
      }
    }
  };
  walk(root, '');
  return found.sort();
}
