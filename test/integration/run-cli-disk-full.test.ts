import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeCore } from '../../src-main/cli/node-core';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';
import { makeTempDir } from '../support/temp-dir';
import { mountTmpfs, tmpfsUnavailableReason, type Tmpfs } from '../support/tmpfs';

const repoRoot = resolve(__dirname, '../..');

interface CliLine {
  atMs: number;
  text: string;
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: CliLine[];
  exitedAtMs: number;
}

/** Runs the real CLI (`node bin/llmwb.mjs …`) and resolves on its exit event, with each stderr line timed. */
async function runCli(args: string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/llmwb.mjs'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const stderr: CliLine[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    for (const text of chunk.toString('utf8').split('\n')) if (text !== '') stderr.push({ atMs: Date.now(), text });
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr, exitedAtMs: Date.now() };
}

/** Every file under `dir`, dotfiles included, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

interface IndexRow {
  id: string;
  status: string;
  error?: { code: string; message: string };
}

const reason = tmpfsUnavailableReason();

describe.skipIf(reason !== undefined)(`llmwb run on a full or read-only data folder${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let server: ScriptedServer;
  let disk: Tmpfs | undefined;
  let scratch: { dir: string; cleanup(): Promise<void> };

  beforeAll(async () => {
    server = await startScriptedServer({ firstTokenDelayMs: 5, tokenIntervalMs: 2, tokens: 4 });
    scratch = await makeTempDir('llmwb-disk-full-');
  });
  afterAll(async () => {
    await server.close();
    await scratch.cleanup();
  });
  afterEach(() => {
    disk?.unmount();
    disk = undefined;
  });

  it('stops at once when the disk fills, keeps only whole lines, marks the run failed with the cause and exits non-zero', async () => {
    disk = mountTmpfs(200);
    const jsonPath = join(scratch.dir, 'result.json');
    const run = await runCli(['run', '--data-dir', disk.dir, '--url', server.url, '--concurrency', '8', '--duration', '60s', '--max-tokens', '4', '--json', jsonPath]);
    expect(run.code).toBe(1);

    const said = run.stderr.find((line) => /^llmwb run: disk full while writing \S+\.jsonl \(ENOSPC.*; stopping the run/.test(line.text));
    expect(said, run.stderr.map((line) => line.text).join('\n')).toBeDefined();
    // Loose bounds for a busy 2-core box; the run was planned for 60 s.
    expect(run.exitedAtMs - said!.atMs).toBeLessThan(15_000);
    const result = JSON.parse(readFileSync(jsonPath, 'utf8')) as { runId: string; status: string; completed: number; durationS: number; error: { code: string } };
    expect(result).toMatchObject({ status: 'failed', error: { code: 'disk_full' } });
    expect(result.completed).toBeGreaterThan(0);
    expect(result.durationS).toBeLessThan(30);

    const runDir = join(disk.dir, 'runs', result.runId);
    for (const name of readdirSync(runDir).filter((file) => file.endsWith('.jsonl'))) {
      const text = readFileSync(join(runDir, name), 'utf8');
      expect(text === '' || text.endsWith('\n'), `${name} ends in a torn line`).toBe(true);
      for (const line of text.split('\n').filter((entry) => entry !== '')) expect(() => JSON.parse(line), `${name}: ${line.slice(0, 80)}`).not.toThrow();
    }
    expect(filesUnder(disk.dir).filter((file) => file.endsWith('.tmp') || file.endsWith('.reserve'))).toEqual([]);

    const index = JSON.parse(readFileSync(join(disk.dir, 'index.json'), 'utf8')) as { runs: IndexRow[] };
    const row = index.runs.find((candidate) => candidate.id === result.runId);
    expect(row).toMatchObject({ status: 'failed', error: { code: 'disk_full', message: expect.stringMatching(/\.jsonl \(ENOSPC: no space left on device\)\. The run was stopped there/) } });
    // The index row keeps the error's code and message; its details are in the run's record.json.
    const recorded = JSON.parse(readFileSync(join(runDir, 'record.json'), 'utf8')) as { error: { message: string; details: { summarySavedIn: string[] } } };
    expect(recorded.error.message).toBe(row!.error!.message);
    expect(recorded.error.details.summarySavedIn).toContain('the run index');
    expect(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'))).toMatchObject({ completed: result.completed });
    expect(run.stderr.map((line) => line.text)).toContainEqual(expect.stringMatching(/^llmwb run: disk full while writing .* The summary was saved in summary\.json and the run index\.$/));
  });

  it('names a read-only data folder as such, and still opens it to browse its runs (core and llmwb serve)', async () => {
    disk = mountTmpfs(2048);
    const first = await runCli(['run', '--data-dir', disk.dir, '--url', server.url, '--concurrency', '2', '--requests', '4', '--max-tokens', '4']);
    expect(first.code).toBe(0);
    disk.makeReadOnly();

    const refused = await runCli(['run', '--data-dir', disk.dir, '--url', server.url, '--concurrency', '2', '--requests', '4', '--max-tokens', '4']);
    const text = refused.stderr.map((line) => line.text).join('\n');
    expect(refused.code).toBe(1);
    expect(text).toContain(`llmwb run: The data folder ${disk.dir} is read-only (EROFS)`);
    expect(text).not.toMatch(/ENOENT|index\.json|plan\.json/);

    const core = await createNodeCore({ dataDir: disk.dir, shell: 'cli' });
    try {
      expect(core.notices.join('\n')).toContain(`The data folder ${disk.dir} is read-only (EROFS)`);
      const runs = await core.handlers['runs.list']({});
      expect(runs.map((record) => record.status)).toEqual(['completed']);
      const detail = await core.handlers['runs.get']({ runId: runs[0]!.id });
      expect(detail.record.summary?.completed).toBe(4);
      expect(detail.notices).toBeUndefined();
    } finally {
      await core.close();
    }

    const serve = spawn(process.execPath, [join(repoRoot, 'bin/llmwb.mjs'), 'serve', '--data-dir', disk.dir, '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = once(serve, 'exit');
    await new Promise<void>((ready, failed) => {
      serve.stdout.on('data', () => out.includes('is ready') && ready());
      void exited.then(([code]) => failed(new Error(`serve exited with ${String(code)} before it was ready: ${out}`)));
    });
    serve.kill('SIGTERM');
    await exited;
    expect(existsSync(join(disk.dir, 'index.json.lock'))).toBe(false);
  });
});
