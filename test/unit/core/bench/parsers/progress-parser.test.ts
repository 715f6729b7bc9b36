import { describe, expect, it } from 'vitest';
import { isProgressLine, parseProgressLine } from '../../../../../src-main/core/bench/parsers/progress-parser';
import { readBenchFixture } from '../bench-fixtures';

describe('parseProgressLine', () => {
  const lines = readBenchFixture('v0.5.0/llama-bench-progress.stderr.txt').split('\n').filter((line) => line !== '');

  it('reads every --progress line of a 16-test run', () => {
    const progress = lines.map(parseProgressLine);
    expect(progress.every((p) => p !== null && p.totalTests === 16)).toBe(true);
    expect(new Set(progress.map((p) => p!.test)).size).toBe(16);
  });

  it('tells timed repetitions from warm-up and start steps', () => {
    expect(parseProgressLine('llama-bench: benchmark 4/16: prompt run 2/3')).toEqual({
      test: 4, totalTests: 16, step: 'prompt run 2/3', repetition: { index: 2, total: 3 },
    });
    expect(parseProgressLine('llama-bench: benchmark 5/16: depth run 2/3 (cached)')!.repetition).toEqual({ index: 2, total: 3 });
    expect(parseProgressLine('llama-bench: benchmark 1/16: warmup prompt run')!.repetition).toBeNull();
    expect(parseProgressLine('llama-bench: benchmark 1/16: starting')!.repetition).toBeNull();
  });

  it('ignores the log lines that share stderr', () => {
    expect(parseProgressLine('llama_model_loader: loaded meta data with 23 key-value pairs')).toBeNull();
    expect(isProgressLine('{"build_commit": "x"}')).toBe(false);
  });
});
