import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { disposeSshd, startSshd, type Sshd } from '../support/sshd';
import { collectPageErrors } from './support/page-errors';
import { createStepShooter } from './support/screenshots';
import { expect, test } from './support/serve-fixture';

/**
 * Issue #4's acceptance: a workspace host pointing at a real OpenSSH server on loopback (its
 * key accepted by fingerprint in the UI), live telemetry, then a run against the demo server
 * with telemetry on and the heatmap drawn with one row per CPU, live and from the saved run.
 */
const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cpus().length;
let sshd: Sshd;

test.beforeAll(async () => {
  sshd = await startSshd();
});
test.afterAll(async () => {
  await disposeSshd(sshd);
});

async function connectOverSsh(page: Page, shoot: (step: string) => Promise<string>): Promise<void> {
  await page.getByTestId('nav-host').click();
  await expect(page.getByTestId('host-page')).toBeVisible();
  await page.getByTestId('host-kind-ssh').check();
  await page.getByLabel('Address').fill(sshd.address);
  await page.getByLabel('Port').fill(String(sshd.port));
  await page.getByLabel('User').fill(sshd.user);
  await page.getByTestId('host-auth-key').check();
  await page.getByLabel('Private key file').fill(sshd.clientKeyPath);
  await shoot('ssh-details');
  await page.getByLabel('Private key file').press('Enter');

  const prompt = page.getByTestId('host-key-prompt');
  await expect(prompt).toBeVisible();
  const expected = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1];
  await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(expected!);
  await shoot('unknown-host-key');
  await prompt.getByTestId('host-key-accept').click();
  await expect(page.getByTestId('host-connection')).toHaveAttribute('data-state', 'connected');
}

async function heatmapColumns(heatmap: Locator): Promise<number> {
  return Number(await heatmap.getAttribute('data-columns'));
}

test('connects to a host over SSH, streams its telemetry and records it beside a run against the demo server', async ({ page, serve }, testInfo) => {
  test.setTimeout(180_000);
  const shoot = createStepShooter(page, testInfo);
  const pageErrors = collectPageErrors(page);
  await page.goto(serve.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');

  await connectOverSsh(page, shoot);
  await expect(page.getByTestId('inventory-threads')).toContainText(`${nproc} threads`);
  await page.getByTestId('telemetry-start').click();
  const hostHeatmap = page.getByTestId('host-heatmap');
  await expect(hostHeatmap).toHaveAttribute('data-cpu-rows', String(nproc));
  await expect.poll(() => heatmapColumns(hostHeatmap), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  await shoot('host-live-telemetry');

  await page.getByTestId('nav-run').click();
  await page.getByLabel('Virtual users').fill('4');
  await page.getByLabel('Duration').fill('10');
  await page.getByTestId('start-run').click();
  const runView = page.getByTestId('run-view');
  await expect(runView).toHaveAttribute('data-status', 'running');
  const runId = await runView.getAttribute('data-run-id');
  const runHeatmap = page.getByTestId('run-heatmap');
  await expect(runHeatmap).toHaveAttribute('data-cpu-rows', String(nproc), { timeout: 15_000 });
  await expect.poll(() => heatmapColumns(runHeatmap), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
  await shoot('run-live-heatmap');

  await expect(runView).toHaveAttribute('data-status', 'completed', { timeout: 40_000 });
  await expect(page.getByTestId('run-telemetry-summary')).toContainText(`of ${nproc} CPUs`, { timeout: 15_000 });
  const canvas = runHeatmap.locator('canvas');
  const box = (await canvas.boundingBox())!;
  const [cpuTop, cpuBottom] = (await runHeatmap.getAttribute('data-cpu-block'))!.split(' ').map(Number) as [number, number];
  const cpuY = (cpuTop + cpuBottom) / 2;
  await canvas.hover({ position: { x: box.width * 0.5, y: cpuY } });
  await expect(page.getByTestId('heatmap-hover')).toContainText('Busy');
  await expect(page.getByTestId('heatmap-hover')).toContainText(/CPU \d/);
  await shoot('run-heatmap-hover');

  // Positions relative to the canvas: hovering scrolled it into view, so page coordinates taken before are stale.
  await canvas.hover({ position: { x: box.width * 0.3, y: cpuY } });
  await page.mouse.down();
  await canvas.hover({ position: { x: box.width * 0.5, y: cpuY } });
  await canvas.hover({ position: { x: box.width * 0.7, y: cpuY } });
  await page.mouse.up();
  await expect(runHeatmap).toHaveAttribute('data-zoomed', 'true');
  await shoot('run-heatmap-zoomed');

  await page.reload();
  await page.goto(`${serve.url}#/history/${runId}`);
  const saved = page.getByTestId('run-detail-page').getByTestId('run-heatmap');
  await expect(saved).toHaveAttribute('data-cpu-rows', String(nproc));
  expect(await heatmapColumns(saved)).toBeGreaterThanOrEqual(8);
  await expect(page.getByTestId('run-detail-page').getByTestId('run-telemetry-summary')).toBeVisible();
  await shoot('saved-run-heatmap');
  expect(pageErrors()).toEqual([]);
});

test('refuses a host whose key changed, with the warning in plain sight', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  await page.goto(serve.url);
  await connectOverSsh(page, shoot);
  await page.getByTestId('host-disconnect').click();
  await expect(page.getByTestId('host-connection')).toHaveAttribute('data-state', 'disconnected');

  // The same address and port, a freshly generated host key: what a reinstalled (or spoofed) host looks like.
  await sshd.stop();
  const impostor = await startSshd({ port: sshd.port });
  try {
    await page.getByTestId('host-connect').click();
    const error = page.getByTestId('host-connection-error');
    await expect(error).toContainText('REFUSED: the host key of');
    await expect(error).toHaveAttribute('data-code', 'host_key_changed');
    await expect(page.getByTestId('host-key-prompt')).toHaveCount(0);
    await shoot('changed-host-key-refused');
  } finally {
    await disposeSshd(impostor);
    await sshd.start();
  }
});
