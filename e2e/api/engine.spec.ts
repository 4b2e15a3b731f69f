import { expect, test } from '@playwright/test';

// npm test runs a smoke pass of the e2e suite on TimescaleDB (PB_E2E_EXPECT_TIMESCALEDB=1): the stack
// must be on the engine the pass was meant for, or the pass proves nothing.
test('the stack runs on the engine this pass is meant for', async ({ request }) => {
  const ready = await request.get('/api/ready'); // from loopback: with the details
  expect(ready.status()).toBe(200);
  const body = (await ready.json()) as { database: { ok: boolean; timescaledb: boolean } };
  expect(body.database).toMatchObject({
    ok: true,
    timescaledb: process.env.PB_E2E_EXPECT_TIMESCALEDB === '1',
  });
});
