import type { OperationInput } from '../../../src-shared/contract';
import { toNumber } from './load-draft';

/** Where the run's prompts come from, as the form holds it. */
export type DatasetKind = 'prompt' | 'synthetic' | 'sharegpt' | 'prompt-file';
export type LengthKind = 'fixed' | 'uniform' | 'normal';

export interface LengthDraft {
  kind: LengthKind;
  /** fixed: tokens; uniform: min; normal: mean. */
  a: string;
  /** uniform: max; normal: spread (σ). */
  b: string;
}

export interface DatasetDraft {
  kind: DatasetKind;
  count: string;
  input: LengthDraft;
  output: LengthDraft;
  sharedPrefixPct: string;
  seed: string;
  path: string;
  sampleSize: string;
  maxInputTokens: string;
  maxOutputTokens: string;
}

export const defaultDatasetDraft: DatasetDraft = {
  kind: 'prompt',
  count: '200',
  input: { kind: 'normal', a: '256', b: '64' },
  output: { kind: 'uniform', a: '64', b: '128' },
  sharedPrefixPct: '0',
  seed: '1',
  path: '',
  sampleSize: '1000',
  maxInputTokens: '',
  maxOutputTokens: '',
};

export const datasetChoices: Array<{ kind: DatasetKind; label: string }> = [
  { kind: 'prompt', label: 'One prompt' },
  { kind: 'synthetic', label: 'Synthetic' },
  { kind: 'sharegpt', label: 'ShareGPT file' },
  { kind: 'prompt-file', label: 'Prompt file' },
];

type DatasetInput = OperationInput<'datasets.inspect'>;

function length(draft: LengthDraft) {
  const a = toNumber(draft.a) as number;
  const b = toNumber(draft.b) as number;
  if (draft.kind === 'fixed') return { kind: 'fixed' as const, tokens: a };
  if (draft.kind === 'uniform') return { kind: 'uniform' as const, min: a, max: b };
  return { kind: 'normal' as const, mean: a, stddev: b };
}

/** Only the bounds the user typed: an empty bound is open. */
function lengthFilter(draft: DatasetDraft) {
  const maxInput = toNumber(draft.maxInputTokens);
  const maxOutput = toNumber(draft.maxOutputTokens);
  return { ...(maxInput === undefined ? {} : { maxInputTokens: maxInput }), ...(maxOutput === undefined ? {} : { maxOutputTokens: maxOutput }) };
}

/** The draft as a DatasetSpec input, or undefined for "one prompt" (the plan's own prompt). */
export function draftToDataset(draft: DatasetDraft): DatasetInput | undefined {
  const seed = toNumber(draft.seed);
  const seeded = seed === undefined ? {} : { seed };
  switch (draft.kind) {
    case 'prompt':
      return undefined;
    case 'synthetic': {
      const prefix = toNumber(draft.sharedPrefixPct);
      return { kind: 'synthetic', count: toNumber(draft.count) as number, input: length(draft.input), output: length(draft.output), sharedPrefixRatio: prefix === undefined ? 0 : prefix / 100, ...seeded };
    }
    case 'sharegpt':
      return { kind: 'sharegpt', path: draft.path, sampleSize: toNumber(draft.sampleSize) as number, filter: lengthFilter(draft), ...seeded };
    case 'prompt-file': {
      const sample = toNumber(draft.sampleSize);
      return { kind: 'prompt-file', path: draft.path, filter: lengthFilter(draft), ...(sample === undefined ? {} : { sampleSize: sample }), ...seeded };
    }
  }
}
