/** One `--progress` line of llama-bench (stderr): which test of how many, and what it is doing. */
export interface BenchProgress {
  /** 1-based index of the test (parameter combination × test) being run. */
  test: number;
  totalTests: number;
  /** "starting", "warmup prompt run", "prompt run 2/5", "depth run 1/3 (cached)" … as printed. */
  step: string;
  /** Timed repetition of the step, when the step is one ("prompt run 2/5" → 2 of 5). */
  repetition: { index: number; total: number } | null;
}

const progressPattern = /^llama-bench: benchmark (\d+)\/(\d+): (.+)$/;

/** True when the line is a `--progress` line, so a reader can tell progress from results. */
export function isProgressLine(line: string): boolean {
  return progressPattern.test(line.trim());
}

/**
 * Reads one `--progress` line such as `llama-bench: benchmark 4/16: prompt run 2/3`; null for
 * anything else (log lines share stderr with it).
 */
export function parseProgressLine(line: string): BenchProgress | null {
  const match = progressPattern.exec(line.trim());
  if (!match) return null;
  const step = match[3]!;
  const run = /(?:^|\s)run (\d+)\/(\d+)/.exec(step);
  return {
    test: Number(match[1]),
    totalTests: Number(match[2]),
    step,
    repetition: run && !step.startsWith('warmup') ? { index: Number(run[1]), total: Number(run[2]) } : null,
  };
}
