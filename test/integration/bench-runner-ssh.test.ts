import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BenchLiveProgress } from '../../src-shared/contract/bench.contract';
import { AppError } from '../../src-shared/errors';
import { BenchResult, BenchRunMeta } from '../../src-shared/schemas/bench-result';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { prepareBench } from '../../src-main/core/bench/runner/prepare-bench';
import { startBench } from '../../src-main/core/bench/runner/run-bench';
import { loadBenchRun } from '../../src-main/core/bench/runs/bench-run-store';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir } from '../support/temp-dir';
import { writeFakeBench, writeFakeServer } from './bench-runner-support';

let sshd: Sshd;
let host: HostSession;
let scratch: { dir: string; cleanup(): Promise<void> };
let model: string;

beforeAll(async () => {
  sshd = await startSshd();
  host = await connectSshHost({ spec: sshdHostSpec(sshd), knownHosts: createKnownHostsFile(sshd.knownHostsPath) });
});
afterAll(async () => {
  await host?.close();
  await disposeSshd(sshd);
});
afterEach(async () => {
  await scratch?.cleanup();
});

async function setUp(): Promise<string> {
  scratch = await makeTempDir('llmwb-bench-runner-');
  model = join(scratch.dir, 'tiny model.gguf');
  await writeFile(model, 'GGUF');
  return scratch.dir;
}

async function pgrep(pattern: string): Promise<string> {
  const result = await host.exec(['pgrep', '-f', pattern]);
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a rejection');
}

describe('llama-bench runner over OpenSSH on loopback', () => {
  it('streams each JSON Lines result and progress line as it is printed, and stores them as they arrive', async () => {
    const dir = await setUp();
    const bench = await writeFakeBench(dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 4, pauseS: '0.4' });
    const prepared = await prepareBench({ host, plan: { models: [model], nPrompt: '64', threads: '1,2', repetitions: 3 }, benchPath: bench });
    const events: Array<BenchLiveProgress & { atMs: number }> = [];
    const handle = await startBench({ host, dataDir: join(dir, 'data'), prepared, onProgress: (p) => events.push({ ...p, atMs: Date.now() }) });

    const resultEvents = () => events.filter((event) => event.result !== undefined);
    await expect.poll(() => resultEvents().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // The first result reaches the disk while llama-bench is still running (its append may land a
    // moment after the progress event, so read until it does; the bench pauses 0.4 s per result).
    const isStoredWhileRunning = async (): Promise<boolean> => {
      const partial = await loadBenchRun(join(dir, 'data'), handle.id);
      return partial.meta.run?.status === 'running' && partial.results.length >= 1;
    };
    await expect.poll(isStoredWhileRunning, { timeout: 10_000, interval: 50 }).toBe(true);

    const meta = await handle.done;
    const doneAtMs = Date.now();
    expect(meta.run?.status).toBe('completed');
    expect(meta.resultCount).toBe(4);
    const results = resultEvents();
    expect(results.map((event) => event.resultCount)).toEqual([1, 2, 3, 4]);
    // The first result came while three more pauses (1.2 s) were still to run: live, not one burst at the end.
    // (Gaps between single events are not asserted: a starved CI machine may deliver two lines in one chunk.)
    expect(doneAtMs - results[0]!.atMs).toBeGreaterThan(600);
    expect(events.some((event) => event.step === 'starting' && event.totalTests === 4)).toBe(true);
    expect(results.map((event) => BenchResult.parse(event.result).test)).toEqual(['pp64', 'pp128', 'tg32', 'pp64+tg16']);

    const argv = (await readFile(join(dir, 'argv.txt'), 'utf8')).trim().split('\n');
    expect(argv).toEqual(['-m', model, '-p', '64', '-t', '1,2', '-r', '3', '--progress', '-o', 'jsonl']);
    const stored = await loadBenchRun(join(dir, 'data'), handle.id);
    expect(stored.results).toHaveLength(4);
    expect(BenchRunMeta.parse(stored.meta).run).toMatchObject({ status: 'completed', binary: bench, binarySource: 'configured', host: host.label });
    const raw = await readFile(join(dir, 'data', 'bench', handle.id, 'raw.txt'), 'utf8');
    expect(raw.trim().split('\n')).toHaveLength(4);
    expect(await readFile(join(dir, 'data', 'bench', handle.id, 'stderr.txt'), 'utf8')).toContain('llama-bench: benchmark 4/4: prompt run 1/1');
  });

  it('cancel ends llama-bench and its children on the host (pgrep finds none) and keeps the results so far', async () => {
    const dir = await setUp();
    const bench = await writeFakeBench(dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 4, pauseS: '7.3131' });
    const prepared = await prepareBench({ host, plan: { models: [model], nPrompt: '64' }, benchPath: bench });
    const steps: string[] = [];
    // Records whether the processes were already gone when the runner closed the channel, so the
    // test proves the runner's own kill on the host, whatever sshd does when a channel closes.
    let foundAtChannelClose: string | undefined;
    const watched: HostSession = {
      label: host.label,
      exec: (argv, options) => host.exec(argv, options),
      stream: async (argv, handlers) => {
        const stream = await host.stream(argv, handlers);
        return { ended: stream.ended, stop: async () => ((foundAtChannelClose = (await pgrep(bench)) + (await pgrep('sleep 7.3131'))), stream.stop()) };
      },
      state: () => host.state(),
      onState: (listener) => host.onState(listener),
      close: async () => undefined,
    };
    const handle = await startBench({ host: watched, dataDir: join(dir, 'data'), prepared, graceMs: 1_000, onProgress: (p) => steps.push(p.step ?? '') });
    await expect.poll(() => steps.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await pgrep(bench)).not.toBe('');
    expect(await pgrep('sleep 7.3131')).not.toBe('');

    const meta = await handle.cancel();
    expect(meta.run?.status).toBe('cancelled');
    expect(meta.run?.error).toBeUndefined();
    expect(foundAtChannelClose).toBe('');
    expect(await pgrep(bench)).toBe('');
    expect(await pgrep('sleep 7.3131')).toBe('');
    const pid = (await readFile(join(dir, 'pid.txt'), 'utf8')).trim();
    expect((await host.exec(['kill', '-0', pid])).exitCode).not.toBe(0);
    expect((await loadBenchRun(join(dir, 'data'), handle.id)).meta.run?.status).toBe('cancelled');
  });

  it('a non-zero exit brings llama-bench’s own error text to the user', async () => {
    const dir = await setUp();
    const bench = await writeFakeBench(dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 1, pauseS: '0.1', failWith: 'errors/failed-to-load-model.stderr.txt' });
    const prepared = await prepareBench({ host, plan: { models: [model] }, benchPath: bench });
    const meta = await (await startBench({ host, dataDir: join(dir, 'data'), prepared })).done;
    expect(meta.run?.status).toBe('failed');
    const error = AppError.fromWire(meta.run!.error!);
    expect(error.code).toBe('remote_command_failed');
    expect(error.message).toMatch(/^llama-bench exited with status 1 on root@127\.0\.0\.1:\d+:\n/);
    expect(error.message).toContain("main: error: failed to load model '/srv/models/broken.gguf'");
    expect(error.message).toContain('llama_model_load: error loading model: tensor');
    expect(error.hint).toMatch(/cannot load it/);
  });

  it('an argument error names the argument without the usage text after it', async () => {
    const dir = await setUp();
    const bench = await writeFakeBench(dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 1, pauseS: '0.1', failWith: 'errors/invalid-argument.stderr.txt' });
    const prepared = await prepareBench({ host, plan: { models: [model] }, benchPath: bench });
    const meta = await (await startBench({ host, dataDir: join(dir, 'data'), prepared })).done;
    expect(meta.run?.error?.message).toMatch(/exited with status 1 on .*:\nerror: invalid parameter for argument: -fa$/);
    expect(meta.run?.error?.hint).toContain('does not take -fa');
  });

  it('runs a build without --progress again without it', async () => {
    const dir = await setUp();
    const bench = await writeFakeBench(dir, { jsonlFixture: 'legacy/llama-bench-2025-05-cuda.jsonl', lines: 2, pauseS: '0.1', refuseProgress: true });
    const prepared = await prepareBench({ host, plan: { models: [model] }, benchPath: bench });
    const meta = await (await startBench({ host, dataDir: join(dir, 'data'), prepared })).done;
    expect(meta.run?.status).toBe('completed');
    expect(meta.resultCount).toBe(2);
    expect(meta.run?.argv).not.toContain('--progress');
    expect(meta.warnings.join('\n')).toContain('no --progress');
  });

  it('refuses bad input before anything runs: a missing model, -fa without a value, a list with a non-number', async () => {
    const dir = await setUp();
    const bench = await writeFakeBench(dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 1, pauseS: '0.1' });
    const missing = await rejection(prepareBench({ host, plan: { models: [model, join(dir, 'nope.gguf'), dir] }, benchPath: bench }));
    expect(missing.code).toBe('invalid_input');
    expect(missing.message).toContain(`-m: no model at "${join(dir, 'nope.gguf')}" on the host`);
    expect(missing.message).toContain(`-m: "${dir}" on the host is not a file`);
    const badLists = await rejection(prepareBench({ host, plan: { models: [model], flashAttn: '', threads: '4,x' }, benchPath: bench }));
    expect(badLists.code).toBe('invalid_input');
    expect(badLists.message).toContain('-fa needs a value: on, off or auto');
    expect(badLists.message).toContain('-t: "x" is not a whole number');
    const noBinary = await rejection(prepareBench({ host, plan: { models: [model] }, benchPath: join(dir, 'no-llama-bench') }));
    expect(noBinary.code).toBe('not_found');
    expect(existsSync(join(dir, 'argv.txt'))).toBe(false);
  });

  it('finds llama-bench next to the running llama-server and records the server', async () => {
    const dir = await setUp();
    await writeFakeBench(dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 1, pauseS: '0.1' });
    const server = spawn(await writeFakeServer(dir), ['30'], { stdio: 'ignore' });
    try {
      await expect.poll(async () => (await host.exec(['pgrep', '-x', 'llama-server'])).exitCode, { timeout: 5_000 }).toBe(0);
      const prepared = await prepareBench({ host, plan: { models: [model] } });
      expect(prepared).toMatchObject({ binary: join(dir, 'llama-bench'), binarySource: 'next to llama-server', server: { pid: server.pid, executable: join(dir, 'llama-server') } });
      expect(prepared.warnings.join('\n')).toContain(`llama-server (pid ${server.pid}) is running`);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
