import { AppError, formatZodIssues } from '../../../src-shared/errors';
import { DatasetSpec, type DatasetPrompt, type DatasetReport, type DatasetSpecInput } from '../../../src-shared/schemas/dataset';
import { importPromptFile } from './prompt-file';
import { importShareGpt, type ImportOptions } from './sharegpt';
import { generateSynthetic, type SyntheticOptions } from './synthetic';
import type { TokenCounter } from './token-counter';

/** A dataset ready for a run: its prompts in a stable order, and what reading it found. */
export interface LoadedDataset {
  spec: DatasetSpec;
  prompts: DatasetPrompt[];
  report: DatasetReport;
}

export type LoadDatasetOptions = ImportOptions & SyntheticOptions;

/**
 * The one entry point for a run or the UI: validates the spec (all problems at once) and reads
 * the dataset — generated, or streamed from its file. The same spec and file always give the
 * same prompts in the same order.
 */
export async function loadDataset(input: DatasetSpecInput, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const parsed = DatasetSpec.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', formatZodIssues(parsed.error), { details: parsed.error.issues });
  const spec = parsed.data;
  switch (spec.kind) {
    case 'synthetic':
      return { spec, ...generateSynthetic(spec, options) };
    case 'sharegpt':
      return { spec, ...(await importShareGpt(spec, options)) };
    case 'prompt-file': {
      const { prompts, report } = await importPromptFile(spec, options);
      return { spec, prompts, report };
    }
  }
}

/** A prompt as one string, for completion endpoints: the messages' contents, in order, a blank line apart. */
export function promptText(prompt: DatasetPrompt): string {
  return prompt.messages.map((message) => message.content).join('\n\n');
}

/**
 * Replaces each prompt's estimated input length by the server's own count (a `/tokenize`
 * counter), a few requests at a time. Prompts the counter cannot count keep their estimate.
 * Worth it before a run whose SLOs depend on input length; costs one or two requests per prompt.
 */
export async function measurePrompts(prompts: readonly DatasetPrompt[], options: { counter: TokenCounter; concurrency?: number; signal?: AbortSignal }): Promise<DatasetPrompt[]> {
  const measured = [...prompts];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < measured.length) {
      options.signal?.throwIfAborted();
      const index = next;
      next += 1;
      const prompt = measured[index]!;
      const tokens = await options.counter.count({ messages: prompt.messages, text: promptText(prompt) }, 'input');
      if (tokens !== null) measured[index] = { ...prompt, expectedInputTokens: tokens, expectedInputSource: options.counter.source };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return measured;
}
