import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { startDemoServer, type DemoServerHandle } from '../../src-main/demo/index';

const repoRoot = resolve(import.meta.dirname, '../..');

/** `llmwb …` as a shell runs it: its own process, its exit status and what it printed. */
function llmwb(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/llmwb.mjs', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveRun, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('llmwb run exit codes a CI can gate on', () => {
  let demo: DemoServerHandle;
  let scratch: string;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0, parallel: 2, engine: 'sim', speed: 4 });
    scratch = await mkdtemp(join(tmpdir(), 'llmwb-cli-exit-'));
  });
  afterAll(async () => {
    await demo.close();
    await rm(scratch, { recursive: true, force: true });
  });

  const runArgs = (slo: string, jsonPath: string): string[] => ['run', '--url', demo.url, '--concurrency', '2', '--duration', '1s', '--max-tokens', '8', '--slo', slo, '--json', jsonPath, '--data-dir', join(scratch, 'data')];

  it('exits 99 when an SLO threshold fails, says which one, and still writes --json', async () => {
    const jsonPath = join(scratch, 'failed.json');
    const { code, stdout, stderr } = await llmwb(runArgs('ttft_p95<0.001,e2e_p99<600000', jsonPath));
    expect(code, stderr).toBe(99);
    expect(stdout).toMatch(/FAIL\s+ttft_p95<0\.001 \(measured/);
    expect(stdout).toMatch(/pass\s+e2e_p99<600000/);
    expect(stderr).toMatch(/the SLO was not met: ttft_p95<0\.001 \(measured \d/);
    expect(stderr).not.toContain('e2e_p99');
    const json = JSON.parse(await readFile(jsonPath, 'utf8')) as { status: string; isSloMet: boolean; completed: number; thresholds: Array<{ source: string; isPassed: boolean }> };
    expect(json).toMatchObject({ status: 'completed', isSloMet: false });
    expect(json.completed).toBeGreaterThan(0);
    expect(json.thresholds.map((outcome) => [outcome.source, outcome.isPassed])).toEqual([
      ['ttft_p95<0.001', false],
      ['e2e_p99<600000', true],
    ]);
  });

  it('exits 0 when every SLO threshold passes', async () => {
    const jsonPath = join(scratch, 'passed.json');
    const { code, stderr } = await llmwb(runArgs('ttft_p95<600000', jsonPath));
    expect(code, stderr).toBe(0);
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toMatchObject({ isSloMet: true });
  });

  it('documents the exit codes in llmwb help', async () => {
    const out: string[] = [];
    const code = await main(['help'], { out: (line) => out.push(line), err: () => undefined });
    expect(code).toBe(0);
    const help = out.join('\n');
    expect(help).toMatch(/exit: +0 done .*1 the run failed or no request succeeded .*2 bad input .*99 an --slo threshold failed .*130 interrupted/);
  });
});
