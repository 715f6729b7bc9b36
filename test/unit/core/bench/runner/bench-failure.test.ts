import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchFailure, explainingLines, refusedProgressFlag } from '../../../../../src-main/core/bench/runner/bench-failure';
import { benchFixtureDir } from '../bench-fixtures';

const stderrOf = (name: string) => readFileSync(`${benchFixtureDir}errors/${name}`, 'utf8').split('\n');
const context = { host: 'root@gpu-box:22', argv: ['-m', 'x.gguf', '-o', 'jsonl'] };

describe('benchFailure', () => {
  it('puts llama-bench’s error line in the message and leaves out the usage text after it', () => {
    const error = benchFailure({ ...context, end: { exitCode: 1, reason: 'exited' }, stderrLines: stderrOf('invalid-argument.stderr.txt') });
    expect(error.code).toBe('remote_command_failed');
    expect(error.message).toBe('llama-bench exited with status 1 on root@gpu-box:22:\nerror: invalid parameter for argument: -fa');
    expect(error.hint).toContain('does not take -fa');
    expect(error.details).toMatchObject({ exitCode: 1, argv: context.argv });
  });

  it('keeps every error line of a model that fails to load, in order', () => {
    const error = benchFailure({ ...context, end: { exitCode: 1, reason: 'exited' }, stderrLines: stderrOf('failed-to-load-model.stderr.txt') });
    expect(error.message.split('\n').slice(1)).toEqual([
      "llama_model_load: error loading model: tensor 'blk.12.ffn_down.weight' data is not within the file bounds, model is corrupted or incomplete",
      'llama_model_load_from_file_impl: failed to load model',
      "main: error: failed to load model '/srv/models/broken.gguf'",
    ]);
  });

  it('says a process killed by a signal may have run out of memory', () => {
    const error = benchFailure({ ...context, end: { exitCode: null, reason: 'exited' }, stderrLines: ['llama-bench: benchmark 3/8: prompt run 1/5'] });
    expect(error.message).toBe('llama-bench was killed by a signal on root@gpu-box:22 (it printed nothing on stderr)');
    expect(error.hint).toMatch(/out of memory/);
  });

  it('tells a dropped link from a failure, and a missing binary from both', () => {
    expect(benchFailure({ ...context, end: { exitCode: null, reason: 'disconnected' }, stderrLines: [] }).code).toBe('unreachable');
    const missing = benchFailure({ ...context, end: { exitCode: 127, reason: 'exited' }, stderrLines: ['sh: 1: exec: /opt/llama-bench: not found'] });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('/opt/llama-bench: not found');
  });
});

describe('explainingLines', () => {
  it('falls back to the last lines that are neither progress nor usage when none says error', () => {
    expect(explainingLines(['load_backend: loaded CPU backend', 'llama-bench: benchmark 1/2: starting', 'Segmentation fault'])).toEqual(['load_backend: loaded CPU backend', 'Segmentation fault']);
  });
});

describe('refusedProgressFlag', () => {
  it('recognises a build that refuses --progress, and nothing else', () => {
    expect(refusedProgressFlag(['error: invalid parameter for argument: --progress'])).toBe(true);
    expect(refusedProgressFlag(['error: invalid parameter for argument: -fa'])).toBe(false);
  });
});
