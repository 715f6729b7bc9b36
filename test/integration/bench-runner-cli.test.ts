import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BenchResult, BenchRunMeta } from '../../src-shared/schemas/bench-result';
import { benchRunCommand } from '../../src-main/cli/commands/bench-run';
import { createNodeCore } from '../../src-main/cli/node-core';
import { disposeSshd, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir } from '../support/temp-dir';
import { writeFakeBench } from './bench-runner-support';

let sshd: Sshd;
let scratch: { dir: string; cleanup(): Promise<void> };

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await disposeSshd(sshd);
});
afterEach(async () => {
  await scratch?.cleanup();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

const hostArgs = () => ['--host', `ssh://root@127.0.0.1:${sshd.port}`, '--identity', sshd.clientKeyPath, '--known-hosts', sshd.knownHostsPath];
const noInterrupt = () => () => undefined;

describe('llmwb bench --host … (run llama-bench on a host)', () => {
  it('prints each result as it arrives, stores the run and writes --json', async () => {
    scratch = await makeTempDir('llmwb-bench-cli-');
    const model = join(scratch.dir, 'model.gguf');
    await writeFile(model, 'GGUF');
    const bench = await writeFakeBench(scratch.dir, { jsonlFixture: 'v0.5.0-captured/30-llama-bench.jsonl', lines: 4, pauseS: '0.1' });
    const dataDir = join(scratch.dir, 'data');
    const { out, err, io } = capture();
    const argv = [...hostArgs(), '--bench-path', bench, '--model', model, '-p', '64', '-n', '16', '-t', '1,2', '--json', join(scratch.dir, 'out.json'), '--data-dir', dataDir];
    expect(await benchRunCommand(argv, io, { dataDir, onInterrupt: noInterrupt })).toBe(0);
    expect(out.slice(0, 4)).toEqual([
      expect.stringMatching(/^\[1\/4\] pp64 +-t 1 .*: \d+\.\d\d ± \d+\.\d\d t\/s$/),
      expect.stringMatching(/^\[2\/4\] tg16 +-t 1 /),
      expect.stringMatching(/^\[3\/4\] pp64 +-t 2 /),
      expect.stringMatching(/^\[4\/4\] tg16 +-t 2 /),
    ]);
    const id = out[4]!;
    expect(err[0]).toBe(`llama-bench: ${bench} (configured); 4 tests, about ${err[0]!.match(/about (\d+) s/)![1]} s (defaults)`);
    expect(err.at(-1)).toBe(`bench run ${id}: completed, 4 result(s)`);
    const json = JSON.parse(await readFile(join(scratch.dir, 'out.json'), 'utf8')) as { meta: unknown; results: unknown[] };
    expect(BenchRunMeta.parse(json.meta)).toMatchObject({ id, resultCount: 4, run: { status: 'completed', argv: ['-m', model, '-p', '64', '-n', '16', '-t', '1,2', '--progress', '-o', 'jsonl'] } });
    expect(json.results.map((result) => BenchResult.parse(result).test)).toEqual(['pp64', 'tg16', 'pp64', 'tg16']);
    expect(existsSync(join(dataDir, 'bench', id, 'results.json'))).toBe(true);
    // The app (here browser mode's core) on the same data folder lists it.
    const app = await createNodeCore({ dataDir, shell: 'browser' });
    expect((await app.invoke('bench.list', {})).map((meta) => meta.id)).toContain(id);
    await app.close();
  });

  it('reports every plan problem and exits 2 without connecting', async () => {
    scratch = await makeTempDir('llmwb-bench-cli-');
    const { out, err, io } = capture();
    const argv = ['--host', 'ssh://root@127.0.0.1:1', '-m', '/m.gguf', '-fa', '-t', '4,x', '--data-dir', scratch.dir];
    expect(await benchRunCommand(argv, io, { dataDir: scratch.dir, onInterrupt: noInterrupt })).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toMatch(/^llmwb bench: the bench plan has \d problem\(s\):$/);
    expect(err).toContain('  -fa needs a value (on, off or auto)');
    expect(err.some((line) => line.includes('-t: "x" is not a whole number'))).toBe(true);
  });

  it('says which model is missing on the host, before llama-bench runs', async () => {
    scratch = await makeTempDir('llmwb-bench-cli-');
    const bench = await writeFakeBench(scratch.dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 1, pauseS: '0.1' });
    const { err, io } = capture();
    const argv = [...hostArgs(), '--bench-path', bench, '-m', '/no/such/model.gguf', '--data-dir', scratch.dir];
    expect(await benchRunCommand(argv, io, { dataDir: scratch.dir, onInterrupt: noInterrupt })).toBe(2);
    expect(err).toContain('  -m: no model at "/no/such/model.gguf" on the host');
    expect(existsSync(join(scratch.dir, 'argv.txt'))).toBe(false);
  });

  it('Ctrl+C ends llama-bench on the host and exits 130', async () => {
    scratch = await makeTempDir('llmwb-bench-cli-');
    const model = join(scratch.dir, 'model.gguf');
    await writeFile(model, 'GGUF');
    const bench = await writeFakeBench(scratch.dir, { jsonlFixture: 'v0.5.0/llama-bench.jsonl', lines: 3, pauseS: '6.2718' });
    const { err, io } = capture();
    let interrupt: (() => void) | undefined;
    const pending = benchRunCommand([...hostArgs(), '--bench-path', bench, '-m', model, '--data-dir', scratch.dir], io, { dataDir: scratch.dir, onInterrupt: (cancel) => ((interrupt = cancel), () => undefined) });
    await expect.poll(() => existsSync(join(scratch.dir, 'pid.txt')), { timeout: 10_000 }).toBe(true);
    interrupt!();
    expect(await pending).toBe(130);
    expect(err.some((line) => /: cancelled, 0 result\(s\)$/.test(line))).toBe(true);
  });
});
