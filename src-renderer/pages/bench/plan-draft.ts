import type { BenchPlanInput } from '../../../src-shared/schemas/bench-plan';

/** The bench form as typed: every list as llama-bench text ("4,8", "1-16*2"); empty = llama-bench's default. */
export interface BenchDraft {
  workspaceId: string;
  models: string;
  nPrompt: string;
  nGen: string;
  pg: string;
  nDepth: string;
  threads: string;
  batchSize: string;
  ubatchSize: string;
  gpuLayers: string;
  flashAttn: string;
  cacheTypeK: string;
  cacheTypeV: string;
  repetitions: string;
  extraArgs: string;
  benchPath: string;
  label: string;
}

export const emptyBenchDraft: BenchDraft = {
  workspaceId: '',
  models: '',
  nPrompt: '512',
  nGen: '128',
  pg: '',
  nDepth: '',
  threads: '',
  batchSize: '',
  ubatchSize: '',
  gpuLayers: '',
  flashAttn: '',
  cacheTypeK: '',
  cacheTypeV: '',
  repetitions: '5',
  extraArgs: '',
  benchPath: '',
  label: '',
};

type ListField = 'nPrompt' | 'nGen' | 'pg' | 'nDepth' | 'threads' | 'batchSize' | 'ubatchSize' | 'gpuLayers' | 'flashAttn' | 'cacheTypeK' | 'cacheTypeV' | 'repetitions';

/** The list fields in form order, with the flag each sets and what llama-bench does when it is left empty. */
export const listFields: ReadonlyArray<{ field: ListField; flag: string; label: string; placeholder: string; hint: string }> = [
  { field: 'nPrompt', flag: '-p', label: 'Prompt (pp)', placeholder: '512', hint: 'pp test sizes, e.g. 128,512 or 128-1024*2' },
  { field: 'nGen', flag: '-n', label: 'Generate (tg)', placeholder: '128', hint: 'tg test sizes' },
  { field: 'pg', flag: '-pg', label: 'pp+tg pairs', placeholder: 'none', hint: 'pairs pp,tg separated by spaces: 512,128 2048,256' },
  { field: 'nDepth', flag: '-d', label: 'Depth', placeholder: '0', hint: 'tokens already in the KV cache' },
  { field: 'threads', flag: '-t', label: 'Threads', placeholder: 'physical cores', hint: 'e.g. 4,8,16 or 1-16*2' },
  { field: 'batchSize', flag: '-b', label: 'Batch', placeholder: '2048', hint: 'logical batch size' },
  { field: 'ubatchSize', flag: '-ub', label: 'Micro-batch', placeholder: '512', hint: 'physical batch size' },
  { field: 'gpuLayers', flag: '-ngl', label: 'GPU layers', placeholder: 'auto', hint: 'e.g. 0,99 (-1 = auto)' },
  { field: 'flashAttn', flag: '-fa', label: 'Flash attn', placeholder: 'auto', hint: 'on, off, auto — e.g. on,off' },
  { field: 'cacheTypeK', flag: '-ctk', label: 'K cache', placeholder: 'f16', hint: 'f16, bf16, q8_0, q4_0 …' },
  { field: 'cacheTypeV', flag: '-ctv', label: 'V cache', placeholder: 'f16', hint: 'V types other than f16 need -fa on' },
  { field: 'repetitions', flag: '-r', label: 'Repetitions', placeholder: '5', hint: 'timed runs per test; more gives tighter ± and surer verdicts' },
];

/**
 * The draft as the core's plan input: empty fields are left out (llama-bench's defaults), models
 * are one per line, extra arguments one per whitespace-separated word (no shell quoting: a value
 * with a space cannot be given here). Nothing is checked here; the core says what is wrong.
 */
export function draftToPlanInput(draft: BenchDraft): BenchPlanInput {
  const plan: BenchPlanInput = {
    models: draft.models.split('\n').map((line) => line.trim()).filter((line) => line !== ''),
    extraArgs: draft.extraArgs.split(/\s+/).filter((word) => word !== ''),
  };
  for (const { field } of listFields) {
    const value = draft[field].trim();
    if (value !== '') plan[field] = value;
  }
  return plan;
}
