import type { BenchPlan } from './bench-plan';

export interface BenchArgvOptions {
  /** Add `--progress` (per-step lines on stderr); only builds from 2025 on know the flag. */
  withProgress?: boolean;
}

/**
 * The llama-bench arguments for a validated plan, as argv entries (never a shell string): one
 * `-m` per model, lists joined with commas, one `-pg` per pair, the extra arguments, and
 * `-o jsonl` last so each result arrives as one line on stdout as soon as its test finishes.
 * Lists the plan leaves out are left to llama-bench's defaults.
 */
export function buildBenchArgv(plan: BenchPlan, options: BenchArgvOptions = {}): string[] {
  const argv: string[] = [];
  for (const model of plan.models) argv.push('-m', model);
  const lists: Array<[string, ReadonlyArray<number | string> | undefined]> = [
    ['-p', plan.nPrompt],
    ['-n', plan.nGen],
  ];
  for (const [flag, values] of lists) if (values) argv.push(flag, values.join(','));
  for (const [pp, tg] of plan.pg ?? []) argv.push('-pg', `${pp},${tg}`);
  const more: Array<[string, ReadonlyArray<number | string> | undefined]> = [
    ['-d', plan.nDepth],
    ['-t', plan.threads],
    ['-b', plan.batchSize],
    ['-ub', plan.ubatchSize],
    ['-ngl', plan.gpuLayers],
    ['-fa', plan.flashAttn],
    ['-ctk', plan.cacheTypeK],
    ['-ctv', plan.cacheTypeV],
  ];
  for (const [flag, values] of more) if (values) argv.push(flag, values.join(','));
  if (plan.repetitions !== undefined) argv.push('-r', String(plan.repetitions));
  argv.push(...plan.extraArgs);
  if (options.withProgress && !argv.includes('--progress')) argv.push('--progress');
  argv.push('-o', 'jsonl');
  return argv;
}
