import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { collectPageErrors } from './support/page-errors';
import { createStepShooter } from './support/screenshots';
import { expect, test } from './support/serve-fixture';

const run = promisify(execFile);

test('shows a run made by llmwb run in the same data folder under Command line in History', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  const pageErrors = collectPageErrors(page);
  // `serve --demo` prints the demo server's address (without a token) before the page's.
  const demoUrl = /http:\/\/127\.0\.0\.1:\d+(?![\w/?])/.exec(serve.output())?.[0];
  expect(demoUrl, serve.output()).toBeTruthy();
  const cli = await run(process.execPath, ['bin/llmwb.mjs', 'run', '--data-dir', serve.dataDir, '--url', demoUrl!, '--concurrency', '1', '--requests', '2', '--max-tokens', '4']);
  const runId = /^Run ([\w-]+) \(completed\) saved in /m.exec(cli.stdout + cli.stderr)?.[1];
  expect(runId, cli.stdout + cli.stderr).toBeTruthy();

  await page.goto(serve.url);
  await page.getByTestId('nav-history').click();
  const group = page.getByTestId('history-group-cli');
  await expect(group.getByRole('heading', { name: 'Command line' })).toBeVisible();
  const row = group.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('data-status', 'completed');
  await shoot('history-command-line-group');

  await row.click();
  await expect(page.getByTestId('run-detail-page').getByTestId('run-summary')).toBeVisible();
  expect(pageErrors()).toEqual([]);
});
