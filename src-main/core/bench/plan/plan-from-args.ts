import { validateBenchPlan, type BenchPlanInput, type PlanValidation } from './bench-plan';
import { findBenchFlag, isFlagToken } from './bench-flags';

type ListKey = Exclude<keyof BenchPlanInput, 'models' | 'pg' | 'repetitions' | 'extraArgs'>;

/**
 * Reads a llama-bench style command line (`-m a.gguf -t 4,8 -fa on,off -pg 512,128 …`) into a
 * plan input: flags the plan owns go to their fields (repeated flags add to the list, as in
 * llama-bench), everything else to `extraArgs`. A plan flag without its value — at the end, or
 * followed by another flag as in `-fa -ngl 99` — is reported here, since the field stays unset.
 */
export function planInputFromArgs(args: readonly string[]): { input: BenchPlanInput; problems: string[] } {
  const input: BenchPlanInput = { models: [], extraArgs: [] };
  const models: string[] = [];
  const pairs: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const field = findBenchFlag(arg)?.planField;
    if (field === undefined) {
      input.extraArgs!.push(arg);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || isFlagToken(value)) {
      problems.push(`${arg} needs a value${field === 'flashAttn' ? ' (on, off or auto)' : ''}`);
      continue;
    }
    i += 1;
    if (field === 'models') models.push(value);
    else if (field === 'pg') pairs.push(value);
    else if (field === 'repetitions') input.repetitions = value;
    else appendToList(input, field as ListKey, value);
  }
  input.models = models;
  if (pairs.length > 0) input.pg = pairs;
  return { input, problems };
}

function appendToList(input: BenchPlanInput, key: ListKey, value: string): void {
  const previous = input[key];
  input[key] = previous === undefined ? value : `${String(previous)},${value}`;
}

/** A llama-bench style command line checked as a plan, with every problem from both steps at once. */
export function validateBenchArgs(args: readonly string[]): PlanValidation {
  const { input, problems } = planInputFromArgs(args);
  const outcome = validateBenchPlan(input);
  if (problems.length === 0) return outcome;
  return { ok: false, problems: [...problems, ...(outcome.ok ? [] : outcome.problems)] };
}
