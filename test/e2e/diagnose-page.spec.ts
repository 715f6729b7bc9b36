import type { Page } from '@playwright/test';
import { collectPageErrors } from './support/page-errors';
import { createStepShooter } from './support/screenshots';
import { expect, test } from './support/serve-fixture';

/**
 * Issue #13's Diagnose page on the demo server with one slot (-np 1): a tight custom SLO and at
 * most 4 users keep the whole diagnosis short; the stepper reaches the recommendations, and the
 * capacity sentence, the verdict and the recommendations table show what it found.
 */

async function workspaceWithDemo(page: Page, name: string): Promise<void> {
  await page.getByLabel('Name', { exact: true }).first().fill(name);
  await page.getByLabel('Host').first().fill('127.0.0.1');
  await page.getByTestId('create-workspace').click();
  const card = page.getByTestId('workspace-card').filter({ has: page.getByRole('heading', { name, exact: true }) });
  await card.getByTestId('use-demo').click();
  await expect(card.getByTestId('endpoint-row').getByTestId('demo-badge')).toBeVisible();
}

/** The Run page's demo control restarts the demo with one slot: the planted fault. */
async function plantOneSlot(page: Page): Promise<void> {
  await page.getByTestId('nav-run').click();
  await page.getByTestId('demo-np-1').click();
  await expect(page.getByTestId('demo-slots')).toHaveAttribute('data-parallel', '1', { timeout: 30_000 });
}

async function fillTightGoal(page: Page): Promise<void> {
  await page.getByTestId('goal-preset-custom').click();
  await page.getByTestId('goal-custom-slo').fill('e2e_p95<1500, error_rate<0.01');
  await page.getByTestId('goal-max-tokens').fill('16');
  await page.getByTestId('goal-max-users').fill('4');
  await page.getByTestId('goal-budget').fill('2');
}

test('diagnoses the demo with one slot from the goal to ranked recommendations, with the capacity and the verdict', async ({ page, serve }, testInfo) => {
  test.setTimeout(180_000);
  const shoot = createStepShooter(page, testInfo);
  const pageErrors = collectPageErrors(page);
  await page.goto(serve.url);
  await workspaceWithDemo(page, 'diagnose box');
  await plantOneSlot(page);

  await page.getByTestId('nav-diagnose').click();
  await expect(page.getByTestId('goal-form')).toBeVisible();
  await expect(page.getByTestId('past-empty')).toBeVisible();
  await expect(page.getByTestId('goal-words')).toContainText('first token within 1 s');
  await fillTightGoal(page);
  await expect(page.getByTestId('goal-slo-parsed')).toContainText('E2E p95 < 1,500 ms');
  await shoot('goal');

  await page.getByTestId('diagnose-start').click();
  const view = page.getByTestId('diagnosis-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('step-preflight')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('step-capacity').getByTestId('step-timing')).not.toBeEmpty();
  await shoot('preflight-done');

  await expect(page.getByTestId('step-capacity')).toHaveAttribute('data-state', /running|done/, { timeout: 60_000 });
  if ((await page.getByTestId('step-capacity').getAttribute('data-state')) === 'running') {
    await expect(page.getByTestId('probe-live')).toBeVisible({ timeout: 30_000 });
    await shoot('probe-in-flight');
  }

  await expect(page.getByTestId('step-recommendations')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  await expect(view).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('capacity-sentence')).not.toBeEmpty();
  await expect(page.getByTestId('probe-row').first()).toBeVisible();
  await page.getByTestId('capacity-section').scrollIntoViewIfNeeded();
  await shoot('capacity');

  const verdict = page.getByTestId('verdict');
  await expect(verdict).toBeVisible();
  const outcome = await verdict.getAttribute('data-outcome');
  if (outcome === 'bottleneck') await expect(page.getByTestId('finding-card').first().getByTestId('evidence-row').first()).toBeVisible();
  else expect(outcome).toBe('hardware-limit');
  await page.getByTestId('findings-section').scrollIntoViewIfNeeded();
  await shoot('findings');

  await expect(page.getByTestId('recommendations-section')).toBeVisible();
  await page.getByTestId('recommendations-section').scrollIntoViewIfNeeded();
  await shoot('recommendations');
  const firstRecommendation = page.getByTestId('recommendation-row').first();
  if (await firstRecommendation.isVisible()) {
    await firstRecommendation.getByTestId('open-in-config').click();
    await expect(page.getByTestId('config-linked')).toBeVisible();
    await expect(page.getByTestId('config-editor')).toHaveAttribute('data-changed', 'true', { timeout: 30_000 });
    await shoot('open-in-config');
    await page.goBack();
  }

  await expect(page.getByTestId('past-row').first()).toHaveAttribute('data-status', 'done');
  expect(pageErrors()).toEqual([]);
});

test('shows the contract’s complaint about a custom SLO beside the field', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  await page.goto(serve.url);
  await workspaceWithDemo(page, 'slo typo box');
  await page.getByTestId('nav-diagnose').click();
  await page.getByTestId('goal-preset-custom').click();
  await page.getByTestId('goal-custom-slo').fill('e2e_p95<<1500');
  await page.getByTestId('goal-custom-slo').press('Enter');
  await expect(page.getByTestId('goal-custom-slo-error')).toBeVisible();
  await expect(page.getByTestId('diagnosis-view')).toHaveCount(0);
  await shoot('slo-error');
});
