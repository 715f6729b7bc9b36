import type { Locator, Page } from '@playwright/test';
import { collectPageErrors } from './support/page-errors';
import { createStepShooter } from './support/screenshots';
import { createWorkspaceWithDemo } from './support/demo-workspace';
import { expect, test } from './support/serve-fixture';

/** Issue #12's acceptance on the Config page: change the demo's slots and threads, apply, read back, roll back. */

async function openDemoConfig(page: Page, name: string): Promise<void> {
  const card = await createWorkspaceWithDemo(page, name);
  await card.getByTestId('configure-endpoint').click();
  await expect(page.getByTestId('config-editor')).toBeVisible({ timeout: 30_000 });
}

/** `total_slots` from the demo's own /props, at the address the page shows for it now (each restart takes a new port). */
async function propsSlots(page: Page): Promise<number> {
  const url = await page.getByTestId('config-page').locator('.endpoint-url').first().textContent();
  const response = await page.request.get(`${url ?? ''}/props`);
  return ((await response.json()) as { total_slots: number }).total_slots;
}

async function setFlag(page: Page, key: string, value: string): Promise<Locator> {
  const input = page.getByTestId(`flag-${key}`);
  await input.fill(value);
  return input;
}

test('changes the demo’s slots and threads, applies them through every readiness step, reads them back and rolls back from the journal', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  const pageErrors = collectPageErrors(page);
  await page.goto(serve.url);
  await openDemoConfig(page, 'config box');
  await expect(page.getByTestId('launch-method')).toHaveAttribute('data-kind', 'demo');
  await expect(page.getByTestId('flag-parallel')).toHaveValue('4');
  await expect(page.getByTestId('memory-sentence')).toContainText('-np 4');
  await expect(page.getByTestId('config-apply')).toBeDisabled();
  await shoot('as-read');

  await setFlag(page, 'parallel', '2');
  // Groups with nothing set start folded.
  await page.getByTestId('flag-group-cpu-placement').locator('summary').click();
  await setFlag(page, 'threads', '2');
  const diff = page.getByTestId('config-diff');
  await expect(diff.locator('[data-testid="diff-row"][data-flag="--parallel"]')).toContainText('4');
  await expect(diff.locator('[data-testid="diff-row"][data-flag="--parallel"]')).toContainText('2');
  await expect(diff.locator('[data-testid="diff-row"][data-flag="--threads"]')).toContainText('2');
  await expect(page.getByTestId('restart-warning')).toContainText('The server will restart');
  await expect(page.getByTestId('memory-sentence')).toContainText('-np 2');
  await expect(page.getByTestId('config-apply')).toBeEnabled();
  await shoot('diff-and-estimate');

  await page.getByTestId('config-apply').click();
  await expect(page.getByTestId('step-confirm')).toHaveAttribute('data-state', 'passed', { timeout: 60_000 });
  for (const step of ['snapshot', 'arm', 'restart', 'process', 'health', 'props', 'canary']) await expect(page.getByTestId(`step-${step}`)).toHaveAttribute('data-state', 'passed');
  await expect(page.getByTestId('apply-outcome')).toHaveAttribute('data-result', 'applied');
  // The page read the configuration again through config.read: the editor now starts from it.
  await expect(page.getByTestId('config-editor')).toHaveAttribute('data-changed', 'false');
  await expect(page.getByTestId('flag-parallel')).toHaveValue('2');
  await expect(page.getByTestId('flag-threads')).toHaveValue('2');
  await expect.poll(() => propsSlots(page)).toBe(2);
  await expect(page.getByTestId('journal-row')).toHaveCount(1);
  await shoot('applied');

  await page.getByTestId('journal-row').first().getByTestId('journal-undo').click();
  await expect(page.getByTestId('journal-row')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('journal-row').first()).toHaveAttribute('data-result', 'applied');
  await expect(page.getByTestId('flag-parallel')).toHaveValue('4');
  await expect(page.getByTestId('flag-threads')).toHaveValue('');
  await expect.poll(() => propsSlots(page)).toBe(4);
  await shoot('rolled-back');
  expect(pageErrors()).toEqual([]);
});

test('names a value out of range beside its flag and keeps Apply disabled', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  await page.goto(serve.url);
  await openDemoConfig(page, 'range box');
  await setFlag(page, 'parallel', '0');
  await expect(page.getByTestId('flag-parallel-problem')).toHaveText('-np 0: 0 is out of range.');
  await expect(page.getByTestId('config-problems')).toContainText('-np 0: 0 is out of range.');
  await expect(page.getByTestId('config-apply')).toBeDisabled();
  await shoot('out-of-range');
  await setFlag(page, 'parallel', '3');
  await expect(page.getByTestId('config-apply')).toBeEnabled();
});

test('says what the host lacks before its server can be read, and records how the endpoint’s server is launched', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  await page.goto(serve.url);
  await page.getByLabel('Name', { exact: true }).first().fill('gpu box');
  await page.getByLabel('Host').first().fill('gpu-box');
  await page.getByTestId('create-workspace').click();
  const card = page.getByTestId('workspace-card').filter({ has: page.getByRole('heading', { name: 'gpu box', exact: true }) });
  await card.getByTestId('endpoint-url').fill('http://127.0.0.1:9');
  await card.getByTestId('add-endpoint').click();
  await card.getByTestId('configure-endpoint').click();
  await expect(page.getByTestId('config-not-read')).toContainText('The host has no connection details yet');
  await expect(page.getByTestId('launch-method')).toHaveAttribute('data-kind', 'none');
  await shoot('host-not-connected');

  await page.getByTestId('launch-edit').click();
  await page.getByLabel('systemd unit').check();
  await page.getByTestId('launch-unit').fill('llama');
  await page.getByTestId('launch-save').click();
  await expect(page.getByTestId('launch-unit-error')).toHaveText('a unit name ending in .service');
  await shoot('launch-form-error');
  await page.getByTestId('launch-unit').fill('llama.service');
  await page.getByTestId('launch-save').click();
  await expect(page.getByTestId('launch-method-summary')).toHaveText('systemd unit llama.service');
  await expect(page.getByTestId('launch-method')).toHaveAttribute('data-kind', 'systemd');
  await shoot('launch-recorded');
});
