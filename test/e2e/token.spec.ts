import { createStepShooter } from './support/screenshots';
import { expect, test } from './support/serve-fixture';

test('refuses the page without its token', async ({ page, request, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  const answer = await request.get(`${serve.origin}/`);
  expect(answer.status()).toBe(403);
  expect(await answer.text()).toContain('token');

  const response = await page.goto(`${serve.origin}/`);
  expect(response?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('token');
  await shoot('page-without-token');
});

test('a page whose token the server refuses says so and loads nothing', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  // The page itself is fetched with the right token, then its address is rewritten before the
  // app starts: exactly what a tab left open across a restart of `serve` (new token) looks like.
  await page.addInitScript(() => window.history.replaceState(null, '', `/?token=stale-token${window.location.hash}`));
  let refusedUpgrade = false;
  page.on('websocket', (socket) => socket.on('close', () => (refusedUpgrade = true)));
  await page.goto(serve.url);

  const banner = page.getByTestId('connection-error');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('refused');
  await expect(banner).toContainText('llmwb serve');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'refused');
  await expect(page.getByTestId('workspace-card')).toHaveCount(0);
  // Every call fails; the banner explains it once instead of a spinner or a repeated error.
  await expect(page.getByText('Loading workspaces')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(1);
  expect(refusedUpgrade).toBe(true);
  await shoot('stale-token-refused');
});
