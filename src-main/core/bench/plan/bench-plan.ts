import { AppError } from '../../../../src-shared/errors';
import type { FlashAttn } from '../../../../src-shared/schemas/bench-result';
import { checkExtraArgs } from './extra-args';
import { parseIntList } from './int-list';
import { parseFlashAttnList, parsePairs, parseTypeList, parseWholeNumber } from './plan-fields';
import { BenchPlanInput } from '../../../../src-shared/schemas/bench-plan';

/** The plan's input shape lives in src-shared so the Bench page's form and the contract share it. */
export { BenchPlanInput } from '../../../../src-shared/schemas/bench-plan';

/** A validated plan: every list expanded to values; absent lists take llama-bench's defaults. */
export interface BenchPlan {
  models: string[];
  nPrompt?: number[];
  nGen?: number[];
  pg?: Array<[number, number]>;
  nDepth?: number[];
  threads?: number[];
  batchSize?: number[];
  ubatchSize?: number[];
  gpuLayers?: number[];
  flashAttn?: FlashAttn[];
  cacheTypeK?: string[];
  cacheTypeV?: string[];
  repetitions?: number;
  extraArgs: string[];
}

export type IntListField = 'nPrompt' | 'nGen' | 'nDepth' | 'threads' | 'batchSize' | 'ubatchSize' | 'gpuLayers';

/** The integer lists: the flag each sets and the values llama-bench accepts for it. */
export const intListFields: ReadonlyArray<{ field: IntListField; flag: string; min: number; max: number }> = [
  { field: 'nPrompt', flag: '-p', min: 0, max: 1_048_576 },
  { field: 'nGen', flag: '-n', min: 0, max: 1_048_576 },
  { field: 'nDepth', flag: '-d', min: 0, max: 1_048_576 },
  { field: 'threads', flag: '-t', min: 1, max: 1024 },
  { field: 'batchSize', flag: '-b', min: 1, max: 1_048_576 },
  { field: 'ubatchSize', flag: '-ub', min: 1, max: 1_048_576 },
  { field: 'gpuLayers', flag: '-ngl', min: -1, max: 10_000 },
];

export type PlanValidation = { ok: true; plan: BenchPlan; warnings: string[] } | { ok: false; problems: string[] };

/**
 * Checks a bench plan and returns every problem at once, each naming its flag: a list with a
 * non-number or an out-of-range value, a flag given without a value ("-fa" empty), an unknown
 * cache type, nothing to run, unknown or refused extra arguments. Pure: whether a model path
 * exists on the host is the runner's check.
 */
export function validateBenchPlan(raw: unknown): PlanValidation {
  const shape = BenchPlanInput.safeParse(raw);
  if (!shape.success) return { ok: false, problems: shape.error.issues.map((i) => `${i.path.join('.') || 'plan'}: ${i.message}`) };
  const input = shape.data;
  const problems: string[] = [];
  const plan: BenchPlan = { models: readModels(input.models, problems), extraArgs: input.extraArgs ?? [] };
  for (const spec of intListFields) {
    const value = input[spec.field];
    if (value !== undefined) plan[spec.field] = readIntList(value, spec, problems);
  }
  if (input.pg !== undefined) plan.pg = collect(parsePairs(input.pg), problems);
  if (input.flashAttn !== undefined) plan.flashAttn = collect(parseFlashAttnList(input.flashAttn), problems);
  if (input.cacheTypeK !== undefined) plan.cacheTypeK = collect(parseTypeList(input.cacheTypeK, '-ctk'), problems);
  if (input.cacheTypeV !== undefined) plan.cacheTypeV = collect(parseTypeList(input.cacheTypeV, '-ctv'), problems);
  if (input.repetitions !== undefined) plan.repetitions = collect(parseWholeNumber(input.repetitions, { flag: '-r', min: 1, max: 1000 }), problems)[0];
  problems.push(...checkExtraArgs(plan.extraArgs));
  if (problems.length === 0 && !hasAnyTest(plan)) problems.push('nothing to run: every -p and -n value is 0 and there is no -pg pair');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan, warnings: planWarnings(plan) };
}

/** Like validateBenchPlan, but throws one `invalid_input` AppError listing every problem, one per line. */
export function assertBenchPlan(raw: unknown): { plan: BenchPlan; warnings: string[] } {
  const outcome = validateBenchPlan(raw);
  if (!outcome.ok) {
    throw new AppError('invalid_input', `the bench plan has ${outcome.problems.length} problem(s):\n${outcome.problems.join('\n')}`, { details: outcome.problems });
  }
  return { plan: outcome.plan, warnings: outcome.warnings };
}

function readModels(models: string | string[], problems: string[]): string[] {
  const list = (Array.isArray(models) ? models : [models]).map((model) => model.trim());
  if (list.length === 0 || list.every((model) => model === '')) problems.push('-m: give at least one model path');
  list.forEach((model, i) => {
    if (model === '' && list.length > 1) problems.push(`-m: model path ${i + 1} is empty`);
    if (/[\0\n\r]/.test(model)) problems.push(`-m: model path ${i + 1} holds a control character`);
  });
  return list.filter((model) => model !== '');
}

function readIntList(value: NonNullable<BenchPlanInput['nPrompt']>, spec: (typeof intListFields)[number], problems: string[]): number[] {
  if (String(value).trim() === '' || (Array.isArray(value) && value.length === 0)) {
    problems.push(`${spec.flag} needs a value`);
    return [];
  }
  const parsed = parseIntList(value);
  if (!parsed.ok) {
    problems.push(...parsed.problems.map((problem) => `${spec.flag}: ${problem}`));
    return [];
  }
  for (const v of parsed.values) {
    if (v < spec.min || v > spec.max) problems.push(`${spec.flag}: ${v} is out of range (${spec.min} to ${spec.max})`);
  }
  return parsed.values;
}

function collect<T>(outcome: { ok: true; values: T[] } | { ok: false; problems: string[] }, problems: string[]): T[] {
  if (outcome.ok) return outcome.values;
  problems.push(...outcome.problems);
  return [];
}

function hasAnyTest(plan: BenchPlan): boolean {
  const prompts = plan.nPrompt ?? [512];
  const gens = plan.nGen ?? [128];
  return prompts.some((p) => p > 0) || gens.some((n) => n > 0) || (plan.pg ?? []).length > 0;
}

function planWarnings(plan: BenchPlan): string[] {
  const warnings: string[] = [];
  const maxBatch = Math.max(...(plan.batchSize ?? [2048]));
  const bigUbatch = (plan.ubatchSize ?? []).filter((ub) => ub > maxBatch);
  if (bigUbatch.length > 0) warnings.push(`-ub ${bigUbatch.join(',')} is larger than -b ${maxBatch}; llama.cpp caps the micro-batch at the batch size`);
  return warnings;
}
