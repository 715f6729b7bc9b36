import { findBenchFlag, isFlagToken } from './bench-flags';

/**
 * Checks free extra llama-bench arguments against the flag catalog and returns every problem:
 * unknown flags, flags missing their value (including a value-taking flag followed directly by
 * another flag, as in `-fa -ngl 99`), flags the plan fields own, refused flags with the reason,
 * and stray values. The arguments travel as argv entries, never through a shell.
 */
export function checkExtraArgs(args: readonly string[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || /^-\d/.test(arg)) {
      problems.push(`extra argument "${arg}" is not a flag (a value must follow its flag)`);
      continue;
    }
    const flag = findBenchFlag(arg);
    if (!flag) {
      problems.push(arg.includes('=') ? `"${arg}": llama-bench takes the value as the next argument, not after "="` : `unknown llama-bench flag ${arg}`);
      continue;
    }
    const value = args[i + 1];
    const isMissingValue = flag.takesValue && (value === undefined || isFlagToken(value) || value.trim() === '');
    if (isMissingValue) problems.push(`${arg} needs a value${arg === '-fa' || arg === '--flash-attn' ? ' (on, off or auto)' : ''}`);
    else if (flag.refusal) problems.push(`${arg} is not allowed: ${flag.refusal}`);
    else if (flag.planField) problems.push(`${arg} belongs in its own field (${flag.names[0]}), not in extra arguments`);
    if (flag.takesValue && !isMissingValue) i += 1;
  }
  return problems;
}
