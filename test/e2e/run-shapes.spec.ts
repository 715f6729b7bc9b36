import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { collectPageErrors } from './support/page-errors';
import { createStepShooter } from './support/screenshots';
import { expect, test } from './support/serve-fixture';

/**
 * Issue #3's acceptance: the same ramp against the demo server at -np 2 and -np 8, with the
 * server's slot use and deferred requests (scraped /metrics and /slots) on the same time axis as
 * the client's latency, then both runs compared.
 */

async function planRamp(page: Page): Promise<void> {
  await page.getByTestId('load-shape-closed').click();
  await page.getByLabel('Virtual users').fill('2');
  await page.getByLabel('Stages').fill('3s:6, 9s:6');
  await page.getByLabel('Duration').fill('12');
  await page.getByTestId('dataset-kind-synthetic').click();
  await page.getByLabel('Prompts', { exact: true }).fill('60');
  await page.getByTestId('ds-input-kind').selectOption('normal');
  await page.getByTestId('ds-input-a').fill('48');
  await page.getByTestId('ds-input-b').fill('12');
  await page.getByTestId('ds-output-kind').selectOption('fixed');
  await page.getByTestId('ds-output-a').fill('40');
  await page.getByTestId('plan-ignore-eos').check();
  await page.getByLabel('Max tokens').fill('40');
  await page.getByTestId('plan-slo').fill('ttft_p95<1500, tpot_p95<200');
}

async function setDemoSlots(page: Page, slots: string): Promise<void> {
  await page.getByTestId(`demo-np-${slots}`).click();
  await expect(page.getByTestId('demo-slots')).toHaveAttribute('data-parallel', slots);
  await expect(page.getByTestId('start-run')).toBeEnabled();
}

/**
 * Ticks a run in the Compare picker. The box is drawn from the URL hash, so it turns checked only
 * after the page re-renders: click it and wait for what the user sees, instead of `check()`,
 * which gives up when the box has not changed by the time the click returns.
 */
async function tickCompareBox(page: Page, runId: string): Promise<void> {
  const box = page.locator(`[data-testid="compare-run-row"][data-run-id="${runId}"] input`);
  await expect(box).toBeVisible();
  await box.click();
  await expect(box).toBeChecked();
}

interface Shots {
  shoot: (step: string) => Promise<string>;
  /** The test's screenshot folder, for the charts-only shots. */
  folder: string;
}

/** Starts the plan, waits for the live server view, then for the end; returns the run id and its peaks. */
async function runToEnd(page: Page, shots: Shots, name: string): Promise<{ runId: string; maxDeferred: number; maxSlotUse: number }> {
  const { shoot } = shots;
  await page.getByTestId('start-run').click();
  const runView = page.getByTestId('run-view');
  await expect(runView).toHaveAttribute('data-status', 'running');
  const runId = (await runView.getAttribute('data-run-id')) ?? '';
  await expect.poll(async () => Number(await page.getByTestId('chart-queue').getAttribute('data-point-count')), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
  await expect.poll(async () => Number(await page.getByTestId('server-strip').getAttribute('data-samples')), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
  await shoot(`${name}-live`);
  await expect(page.getByTestId('run-summary')).toBeVisible({ timeout: 45_000 });
  await expect(runView).toHaveAttribute('data-status', 'completed');
  await expect.poll(async () => Number(await page.getByTestId('server-strip').getAttribute('data-samples'))).toBeGreaterThanOrEqual(10);
  await page.getByTestId('run-charts').screenshot({ path: join(shots.folder, `charts-${name}.png`) });
  // The header is sticky: a full-page shot taken scrolled down would paint it mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(`${name}-summary`);
  const maxDeferred = Number(/\d+/.exec((await page.getByTestId('server-max-deferred').textContent()) ?? '')?.[0] ?? NaN);
  const maxSlotUse = Number(/\d+/.exec((await page.getByTestId('server-max-slot-use').textContent()) ?? '')?.[0] ?? NaN);
  return { runId, maxDeferred, maxSlotUse };
}

test('runs the same ramp at -np 2 and -np 8 and shows server slots and queue beside client latency, then compares them', async ({ page, serve }, testInfo) => {
  test.setTimeout(240_000);
  const shoot = createStepShooter(page, testInfo);
  const pageErrors = collectPageErrors(page);
  await page.goto(serve.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('nav-run').click();
  await expect(page.getByTestId('selected-endpoint').getByTestId('demo-badge')).toBeVisible();
  const shots: Shots = { shoot, folder: dirname(await shoot('run-page')) };

  await planRamp(page);
  await page.getByTestId('dataset-inspect').click();
  await expect(page.getByTestId('dataset-report')).toContainText('60 prompts');
  await expect(page.getByTestId('slo-chip')).toHaveCount(2);
  await setDemoSlots(page, '2');
  await shoot('plan');

  const few = await runToEnd(page, shots, 'np2');
  expect(few.maxSlotUse).toBe(100);
  expect(few.maxDeferred).toBeGreaterThanOrEqual(1);

  await setDemoSlots(page, '8');
  const many = await runToEnd(page, shots, 'np8');
  // Six users never fill eight slots: nothing waits, while two slots kept up to four waiting.
  expect(many.maxSlotUse).toBeLessThan(100);
  expect(many.maxDeferred).toBeLessThan(few.maxDeferred);

  await page.getByTestId('nav-compare').click();
  await tickCompareBox(page, few.runId);
  await tickCompareBox(page, many.runId);
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(page.getByTestId('compare-row-deferred')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('compare-chart-slots').getAttribute('data-point-count'))).toBeGreaterThanOrEqual(10);
  await shoot('compare');
  expect(pageErrors()).toEqual([]);
});
