import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { parseDurationS } from '../../../src-shared/metrics/duration';
import { parseThresholds } from '../../../src-shared/metrics/thresholds';
import { DiagnosisGoal, sloPresets } from '../../../src-shared/schemas/diagnosis';
import { lastValue, parseArgs, type ParsedArgs } from '../args';
import { hostBooleanNames, hostOptionNames, hostUsage } from './host-command-options';

export const diagnoseUsage = [
  'llmwb diagnose --url URL [--host ssh://USER@HOST:PORT|local …] [--preset interactive|batch|seed | --slo \'e2e_p95<5000,error_rate<0.01\']',
  '  workload: [--max-tokens N] [--prompt TEXT]',
  '  search:   [--fidelity quick|standard|thorough] [--max-users N] [--budget 10m]',
  '  verify:   [--verify top|none] [--yes]      top applies the first recommendation and restarts the server: needs --yes',
  '  output:   [--json FILE] [--data-dir DIR]',
  'llmwb diagnose --resume ID [--host …] [--json FILE] [--data-dir DIR]   carry on a cancelled or killed diagnosis',
  'llmwb diagnose --list [--data-dir DIR]',
  `  host:     ${hostUsage}`,
  '  exit:     0 done · 1 failed · 2 bad input (or a --url that does not answer) · 130 cancelled',
].join('\n  ');
export const diagnoseSummary =
  'Diagnose a server: preflight, one-user baseline, capacity under an SLO, the bottleneck with its evidence, ranked flag changes. Kept in the data folder (workspace "Command line: USER@HOST:PORT"), resumable.';

const goalOptionNames = ['url', 'preset', 'slo', 'max-tokens', 'prompt', 'fidelity', 'max-users', 'budget', 'verify'] as const;
const optionNames = [...goalOptionNames, ...hostOptionNames, 'json', 'data-dir', 'resume'] as const;
const booleanNames = [...hostBooleanNames, 'yes', 'list'] as const;

/** What `llmwb diagnose` was asked to do: start one, carry one on, or list them. */
export type DiagnoseRequest =
  | { kind: 'start'; url: string; goal: DiagnosisGoal; hostArgs: ParsedArgs | undefined; jsonPath: string | undefined }
  | { kind: 'resume'; diagnosisId: string; hostArgs: ParsedArgs | undefined; jsonPath: string | undefined }
  | { kind: 'list' };

/** Reads every option and reports every problem at once, before anything is opened or sent. */
export function parseDiagnoseOptions(argv: readonly string[]): DiagnoseRequest {
  const args = parseArgs(argv, { options: optionNames, booleans: booleanNames });
  const problems: string[] = [];
  if (args.positionals.length > 0) problems.push(`unexpected argument ${args.positionals[0]!}`);
  const hostArgs = hostArgsOf(args, problems);
  const jsonPath = jsonPathOf(args, problems);
  const resumeId = lastValue(args, 'resume');
  const given = goalOptionNames.filter((name) => lastValue(args, name) !== undefined).map((name) => `--${name}`);
  let request: DiagnoseRequest | undefined;
  if (args.flags.has('list')) {
    if (resumeId !== undefined || given.length > 0) problems.push('--list takes only --data-dir');
    request = { kind: 'list' };
  } else if (resumeId !== undefined) {
    if (given.length > 0) problems.push(`--resume carries on with the goal the diagnosis started with: drop ${given.join(', ')}`);
    request = { kind: 'resume', diagnosisId: resumeId, hostArgs, jsonPath };
  } else {
    const url = lastValue(args, 'url');
    if (url === undefined) problems.push("--url is required (the server's base URL, such as http://127.0.0.1:8080)");
    else if (!/^https?:\/\/[^/\s]+/.test(url)) problems.push(`--url must be an http:// or https:// address, not "${url}"`);
    const goal = goalOf(args, problems);
    if (url !== undefined && goal !== undefined) request = { kind: 'start', url: url.replace(/\/+$/, ''), goal, hostArgs, jsonPath };
  }
  if (problems.length > 0 || request === undefined) throw new AppError('invalid_input', problems.join('\n'));
  return request;
}

function hostArgsOf(args: ParsedArgs, problems: string[]): ParsedArgs | undefined {
  if (lastValue(args, 'host') !== undefined) return args;
  const stray = hostOptionNames.filter((name) => name !== 'host' && lastValue(args, name) !== undefined);
  if (stray.length > 0) problems.push(`${stray.map((name) => `--${name}`).join(', ')} only apply with --host`);
  return undefined;
}

function jsonPathOf(args: ParsedArgs, problems: string[]): string | undefined {
  const value = lastValue(args, 'json');
  if (value === undefined) return undefined;
  const path = resolve(value);
  if (!existsSync(dirname(path))) problems.push(`--json: the folder ${dirname(path)} does not exist`);
  return path;
}

/** The SLO the options name: a preset's, or --slo's own (then the goal's preset is custom). */
function sloOf(args: ParsedArgs, problems: string[]): { preset: DiagnosisGoal['preset']; slo: string } | undefined {
  const preset = lastValue(args, 'preset');
  const slo = lastValue(args, 'slo');
  if (preset !== undefined && slo !== undefined) {
    problems.push('give --preset or --slo, not both');
    return undefined;
  }
  if (slo !== undefined) {
    const parsed = parseThresholds(slo);
    problems.push(...parsed.problems.map((problem) => `--slo: ${problem}`));
    if (parsed.problems.length === 0 && parsed.thresholds.length === 0) problems.push('--slo names no threshold (write it as e2e_p95<5000,error_rate<0.01)');
    return { preset: 'custom', slo };
  }
  const name = preset ?? 'interactive';
  if (name !== 'interactive' && name !== 'batch' && name !== 'seed') {
    problems.push(`--preset must be interactive, batch or seed, not "${name}" (or give your own --slo)`);
    return undefined;
  }
  return { preset: name, slo: sloPresets[name].slo };
}

function wholeNumber(args: ParsedArgs, name: string, problems: string[]): number | undefined {
  const value = lastValue(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) problems.push(`--${name} must be a whole number of at least 1, got "${value}"`);
  return Number(value);
}

function goalOf(args: ParsedArgs, problems: string[]): DiagnosisGoal | undefined {
  const slo = sloOf(args, problems);
  const maxTokens = wholeNumber(args, 'max-tokens', problems);
  const maxUsers = wholeNumber(args, 'max-users', problems);
  const budget = lastValue(args, 'budget');
  const budgetS = budget === undefined ? undefined : parseDurationS(budget);
  if (budget !== undefined && (budgetS === undefined || budgetS <= 0)) problems.push(`--budget must be a duration such as 10m or 600s, got "${budget}"`);
  const fidelity = lastValue(args, 'fidelity');
  if (fidelity !== undefined && !['quick', 'standard', 'thorough'].includes(fidelity)) problems.push(`--fidelity must be quick, standard or thorough, not "${fidelity}"`);
  const verify = lastValue(args, 'verify');
  if (verify !== undefined && verify !== 'top' && verify !== 'none') problems.push(`--verify must be top or none, not "${verify}"`);
  if (verify === 'top' && !args.flags.has('yes')) problems.push('--verify top applies the first recommendation and restarts the server: add --yes to allow it');
  const prompt = lastValue(args, 'prompt');
  if (slo === undefined || problems.length > 0) return undefined;
  const parsed = DiagnosisGoal.safeParse({
    ...slo,
    workload: { ...(prompt === undefined ? {} : { prompt }), ...(maxTokens === undefined ? {} : { maxTokens }) },
    ...(fidelity === undefined ? {} : { fidelity }),
    ...(maxUsers === undefined ? {} : { maxUsers }),
    ...(budgetS === undefined ? {} : { budgetS }),
    ...(verify === undefined ? {} : { verify }),
  });
  if (!parsed.success) {
    const flagOf: Record<string, string> = { 'workload.prompt': '--prompt', 'workload.maxTokens': '--max-tokens', maxUsers: '--max-users', budgetS: '--budget', slo: '--slo' };
    problems.push(...parsed.error.issues.map((issue) => `${flagOf[issue.path.join('.')] ?? issue.path.join('.')}: ${issue.message}`));
    return undefined;
  }
  return parsed.data;
}
