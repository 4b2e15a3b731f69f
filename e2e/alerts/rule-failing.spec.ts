import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { e2eDatabases, e2eDatabaseServer } from '../../playwright.config';
import { createCountMetric, createThresholdRule, e2eBase, logIn, uniqueType } from '../helpers';

test('a rule the engine cannot evaluate says why on the rules page, and stops saying so once it evaluates', async ({
  page,
}, info) => {
  await logIn(page);
  const type = uniqueType('crate');
  await createCountMetric(page, type);
  const name = `Crates ${type}`;
  const ruleId = await createThresholdRule(page, { name, metric: type, above: 1000 });
  const sql = postgres(`${e2eDatabaseServer}/${e2eDatabases[info.parallelIndex] ?? ''}`, { max: 1 });
  try {
    // A rule stored before the catalogue refused changes under its rules (an upgraded install): the API
    // no longer lets a rule lose its metric, so the test takes it away in the database.
    await sql`update rules set metric = ${`${type}_gone`} where id = ${ruleId}`;
    await page.goto(`/rules?rule=${ruleId}`);
    const failure = page.getByTestId(`rule-row-${name}`).getByTestId('evaluation-failure');
    await expect(failure).toContainText('Cannot evaluate', { timeout: 25_000 });
    await expect(failure).toContainText(`no metric named ${type}_gone`);
    await expect(failure).toContainText('Failing since');
    await page.getByTestId(`rule-row-${name}`).screenshot({ path: info.outputPath('rule-failing.png') });

    // The Pipeline page names it too, and links to it.
    await page.goto('/health');
    const banner = page.getByTestId('pipeline-failing-rules');
    await expect(banner).toContainText(`${name} (no metric named ${type}_gone`);
    await banner.getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`/rules\\?rule=${ruleId}$`));
    await expect(page.getByTestId(`rule-row-${name}`)).toHaveAttribute('data-focused', 'true');

    // The editor says it too, above the fields an admin would change.
    await page.getByTestId(`rule-row-${name}`).getByRole('button', { name: /^Edit/ }).click();
    await expect(page.getByTestId('rule-form-failure')).toContainText(`no metric named ${type}_gone`);
    await page.getByTestId('rule-form').getByRole('button', { name: 'Cancel' }).click();

    // Repaired through the API: the next evaluation succeeds and the note goes.
    const repaired = await page.request.patch(`/api/v1/rules/${ruleId}`, {
      headers: { origin: e2eBase, 'content-type': 'application/json' },
      data: { metric: type },
    });
    expect(repaired.status(), await repaired.text()).toBe(200);
    await expect(failure).toHaveCount(0, { timeout: 25_000 });
    await expect(page.getByTestId(`rule-row-${name}`).getByTestId('rule-state')).toHaveText('ok');
  } finally {
    await sql.end();
  }
});

test('a surge rule the engine cannot evaluate says why on the Surges page and in its editor', async ({
  page,
}, info) => {
  await logIn(page);
  const demand = uniqueType('asks');
  const supply = uniqueType('hands');
  await createCountMetric(page, demand, ['zone']);
  await createCountMetric(page, supply, ['zone']);
  const name = `Hands ${supply}`;
  const created = await page.request.post('/api/v1/surge-rules', {
    headers: { origin: e2eBase, 'content-type': 'application/json' },
    data: {
      name,
      demandMetric: demand,
      supplyMetric: supply,
      groupBy: ['zone'],
      window: '1m',
      tiers: [{ ratio: 2, multiplier: 1.5 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const surgeId = ((await created.json()) as { id: string }).id;
  const sql = postgres(`${e2eDatabaseServer}/${e2eDatabases[info.parallelIndex] ?? ''}`, { max: 1 });
  try {
    await sql`update surge_rules set supply_metric = ${`${supply}_gone`} where id = ${surgeId}`;
    // The list re-reads every 15 s; a reload once the worker has marked it shows it at once.
    await expect
      .poll(async () => {
        const r = await page.request.get(`/api/v1/surge-rules/${surgeId}`);
        return ((await r.json()) as { evaluationFailure: { error: string } | null }).evaluationFailure?.error;
      })
      .toContain(`${supply}_gone`);
    await page.goto('/surges');
    const row = page.getByTestId(`surge-row-${name}`);
    await expect(row.getByTestId('evaluation-failure')).toContainText('Cannot evaluate');
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    await expect(page.getByTestId('surge-form-failure')).toContainText(`${supply}_gone`);
  } finally {
    await sql`delete from surge_rules where id = ${surgeId}`;
    await sql.end();
  }
});
