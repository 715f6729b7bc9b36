import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { collectPageErrors } from './support/page-errors';
import { createStepShooter } from './support/screenshots';
import { expect, test } from './support/serve-fixture';

/** Issue #6's acceptance: import two fixture runs and see them compared, with the chart; bad plans are refused before anything runs. */

const fixtures = resolve(import.meta.dirname, '../fixtures/llama-bench');

test('imports a pasted table and a file, compares them with charts and verdicts, and exports the markdown', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  const pageErrors = collectPageErrors(page);
  await page.goto(serve.url);
  await page.getByTestId('nav-bench').click();
  await expect(page.getByTestId('bench-empty')).toBeVisible();
  await expect(page.getByTestId('bench-plan-start')).toBeVisible();
  await shoot('empty');

  await page.getByTestId('bench-paste').fill(await readFile(join(fixtures, 'v0.5.0/llama-bench.md'), 'utf8'));
  await page.getByTestId('bench-import-label').fill('CPU grid, -d 0/128');
  await page.getByTestId('bench-paste').press('Control+Enter');
  await expect(page.getByTestId('bench-run-row')).toHaveCount(1);
  await page.getByTestId('bench-import-file').setInputFiles(join(fixtures, 'v0.5.0/llama-bench.jsonl'));
  await expect(page.getByTestId('bench-run-row')).toHaveCount(2);
  await expect(page.getByTestId('bench-run-row').locator('input[type=checkbox]:checked')).toHaveCount(2);

  const comparison = page.getByTestId('bench-comparison');
  await expect(comparison.getByTestId('bench-method')).toContainText("Welch's two-sided t-test");
  await expect(comparison.getByTestId('bench-method')).toContainText('α = 0.05');
  await expect(comparison.getByTestId('comparison-row')).toHaveCount(32);
  await expect(page.getByTestId('bench-chart-pp')).toHaveAttribute('data-bar-count', '16');
  await expect(page.getByTestId('bench-chart-tg')).toHaveAttribute('data-bar-count', '8');
  await expect(page.getByTestId('bench-chart-pp-tg')).toHaveAttribute('data-bar-count', '8');
  // One baseline row per test label: the baseline run's first setting of each test.
  await expect(comparison.locator('[data-testid="comparison-row"][data-verdict="baseline"]')).toHaveCount(8);
  await expect(comparison.locator('[data-testid="comparison-row"][data-best="true"]').first()).toBeVisible();
  await shoot('comparison');

  // Same machine, same build, three separate runs of one grid: the second run's rows should mostly be noise.
  await page.getByTestId('bench-baseline').selectOption({ label: 'llama-bench.jsonl' });
  await expect(page).toHaveURL(/baseline=/);
  await comparison.getByRole('button', { name: 'tg32', exact: true }).click();
  await expect(comparison.getByTestId('comparison-row')).toHaveCount(4);
  await expect(page.getByTestId('bench-chart-tg')).toHaveAttribute('data-bar-count', '4');
  await expect(page.getByTestId('bench-chart-pp')).toHaveCount(0);
  await shoot('filtered-tg32-new-baseline');

  const download = page.waitForEvent('download');
  await page.getByTestId('bench-download-markdown').click();
  const markdown = await readFile((await (await download).path())!, 'utf8');
  expect(markdown).toMatch(/^\| test +\| run +\|/);
  expect(markdown).toContain("Verdict: Welch's two-sided t-test on per-repetition tok/s, α = 0.05");

  await page.reload();
  await expect(page.getByTestId('bench-comparison').getByTestId('comparison-row')).toHaveCount(4 * 8);
  expect(pageErrors()).toEqual([]);
});

test('refuses a bad plan with every problem named before anything runs', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  await page.goto(serve.url);
  await page.getByLabel('Name', { exact: true }).first().fill('bench box');
  await page.getByLabel('Host').first().fill('127.0.0.1');
  await page.getByTestId('create-workspace').click();
  await page.getByTestId('nav-bench').click();
  const form = page.getByTestId('bench-plan-form');
  await expect(form).toBeVisible();

  await page.getByTestId('bench-models').fill('/nonexistent/llmwb-e2e/model.gguf');
  await page.getByTestId('bench-threads').fill('4,x');
  await page.getByTestId('bench-extra').fill('-fa');
  const problems = page.getByTestId('bench-plan-problems');
  await expect(problems).toContainText('-t: "x" is not a whole number');
  await expect(problems).toContainText('-fa needs a value (on, off or auto)');
  await expect(page.getByTestId('bench-start')).toBeDisabled();
  await shoot('plan-problems');

  await page.getByTestId('bench-threads').fill('1,2');
  await page.getByTestId('bench-extra').fill('');
  await page.getByTestId('bench-flashAttn').fill('on,off');
  await expect(page.getByTestId('bench-combinations')).toHaveText('4');
  await expect(page.getByTestId('bench-command')).toContainText('llama-bench -m /nonexistent/llmwb-e2e/model.gguf -p 512 -n 128 -t 1,2 -fa on,off -r 5 --progress -o jsonl');
  await page.getByTestId('bench-start').click();
  await expect(page.getByTestId('bench-run-error')).toContainText('-m: no model at "/nonexistent/llmwb-e2e/model.gguf" on the host');
  await expect(page.getByTestId('bench-run-row')).toHaveCount(0);
  await shoot('model-missing-on-host');
});

/** Calls the contract from inside the page (same origin, same token), the way the UI's own client does. */
async function invoke<T>(page: Page, call: { token: string; op: string; input: unknown }): Promise<T> {
  return page.evaluate(async ({ token, op, input }) => {
    const socket = new WebSocket(`ws://${location.host}/ws?token=${token}`);
    await new Promise((resolveOpen, rejectOpen) => {
      socket.onopen = resolveOpen;
      socket.onerror = rejectOpen;
    });
    const answer = await new Promise<{ ok: boolean; output?: unknown; error?: { message: string } }>((resolveAnswer) => {
      socket.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as { type: string; id?: number; result?: { ok: boolean; output?: unknown; error?: { message: string } } };
        if (data.type === 'result' && data.id === 1 && data.result) resolveAnswer(data.result);
      };
      socket.send(JSON.stringify({ type: 'invoke', id: 1, op, input }));
    });
    socket.close();
    if (!answer.ok) throw new Error(answer.error?.message ?? 'failed');
    return answer.output;
  }, call) as Promise<T>;
}

/** A stand-in llama-bench on this machine: two captured results quickly, then a long test that only a cancel ends. */
async function writeSlowBench(dir: string): Promise<string> {
  const path = join(dir, 'llama-bench');
  const data = join(fixtures, 'v0.5.0-captured/30-llama-bench.jsonl');
  const script = `#!/bin/sh
i=0
while IFS= read -r line; do
  i=$((i + 1))
  echo "llama-bench: benchmark $i/4: starting" >&2
  if [ $i -le 2 ]; then sleep 0.7; else sleep 41.77; fi
  echo "llama-bench: benchmark $i/4: generation run 1/1" >&2
  printf '%s\\n' "$line"
done < '${data}'
`;
  await writeFile(path, script, { mode: 0o755 });
  await writeFile(join(dir, 'model.gguf'), 'GGUF');
  return path;
}

test('runs llama-bench on this machine with live progress, cancels it on the host, and sets tg beside the server’s decode speed', async ({ page, serve }, testInfo) => {
  const shoot = createStepShooter(page, testInfo);
  const dir = await mkdtemp(join(tmpdir(), 'llmwb-e2e-bench-'));
  try {
    const bench = await writeSlowBench(dir);
    await page.goto(serve.url);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
    const [demo] = await invoke<Array<{ id: string; endpoints: Array<{ id: string; url: string }> }>>(page, { token: serve.token, op: 'workspaces.list', input: {} });
    const endpoint = demo!.endpoints[0]!;
    const { runId } = await invoke<{ runId: string }>(page, {
      token: serve.token,
      op: 'runs.start',
      input: { workspaceId: demo!.id, endpointId: endpoint.id, url: endpoint.url, load: { kind: 'closed', virtualUsers: 1 }, durationS: 3, maxTokens: 32 },
    });
    await expect.poll(async () => (await invoke<{ record: { status: string } }>(page, { token: serve.token, op: 'runs.get', input: { runId } })).record.status, { timeout: 30_000 }).toBe('completed');

    await page.getByTestId('nav-bench').click();
    await page.getByTestId('bench-models').fill(join(dir, 'model.gguf'));
    await page.getByTestId('bench-nPrompt').fill('64');
    await page.getByTestId('bench-nGen').fill('16');
    await page.getByTestId('bench-threads').fill('1,2');
    await page.getByTestId('bench-path').fill(bench);
    await page.getByTestId('bench-label').fill('stories260K, -t 1,2');
    await expect(page.getByTestId('bench-combinations')).toHaveText('2');
    await page.getByTestId('bench-start').click();

    const live = page.getByTestId('bench-live');
    await expect(live).toHaveAttribute('data-status', 'running');
    await expect(live.getByTestId('bench-results').locator('tbody tr')).toHaveCount(2, { timeout: 15_000 });
    await expect(live.getByTestId('bench-step')).toContainText('Test 3 of 4: starting');
    await expect(live.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
    await shoot('live-progress');
    expect(execFileSync('pgrep', ['-f', 'sleep 41.77'], { encoding: 'utf8' }).trim()).not.toBe('');

    await live.getByTestId('bench-cancel').click();
    await expect(live).toHaveAttribute('data-status', 'cancelled');
    // The processes are signalled before the page hears of the cancel; on a busy machine they may
    // take a moment longer to be reaped, so wait for what pgrep sees rather than read it once.
    const isRunning = (pattern: string): boolean => {
      try {
        execFileSync('pgrep', ['-f', pattern]);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(() => isRunning(bench) || isRunning('sleep 41.77'), { timeout: 10_000 }).toBe(false);

    const row = page.locator('[data-testid="bench-run-row"][data-status="cancelled"]');
    const box = row.locator('input[type=checkbox]');
    await box.click();
    await expect(box).toBeChecked();
    // "the server at -np N" when a llama-server (any other test's demo server) was running on this
    // machine as the bench ran: the host probe names its slots; the test does not own the machine.
    await expect(page.getByTestId('bench-link').first()).toContainText(/^tg16 at -t 1 was [\d.]+ t\/s in llama-bench; the server( at -np \d+)? decoded [\d.]+ t\/s per stream \(1 user, from TPOT p50\)/);
    await shoot('cancelled-with-server-link');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
