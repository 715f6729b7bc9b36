import type { Handlers } from '../../../src-shared/contract';
import { datasetPreviewPrompts } from '../../../src-shared/contract/datasets.contract';
import type { DatasetPrompt } from '../../../src-shared/schemas/dataset';
import { loadDataset } from './load-dataset';

const previewChars = 400;

/** The contract's dataset operations (src-shared/contract/datasets.contract.ts). */
export function createDatasetHandlers(): Pick<Handlers, 'datasets.inspect'> {
  return {
    'datasets.inspect': async (spec) => {
      const { prompts, report } = await loadDataset(spec);
      return { report, preview: prompts.slice(0, datasetPreviewPrompts).map(shorten) };
    },
  };
}

/** A prompt cut for display: the preview shows what a prompt looks like, not all of it. */
function shorten(prompt: DatasetPrompt): DatasetPrompt {
  return {
    ...prompt,
    messages: prompt.messages.map((message) => ({ ...message, content: message.content.length > previewChars ? `${message.content.slice(0, previewChars)}…` : message.content })),
  };
}
