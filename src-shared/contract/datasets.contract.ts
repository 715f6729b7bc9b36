import { z } from 'zod';
import { DatasetPrompt, DatasetReport, DatasetSpec } from '../schemas/dataset';
import { defineOperation } from './define';

/** The most prompts `datasets.inspect` shows, each cut to a readable length. */
export const datasetPreviewPrompts = 5;

export const datasetsOperations = {
  'datasets.inspect': defineOperation({
    summary: 'Read a dataset as a run would (generated, or streamed from its file) and say what it holds: counts, lengths, malformed entries, a few prompts.',
    input: DatasetSpec,
    output: z.object({ report: DatasetReport, preview: z.array(DatasetPrompt).max(datasetPreviewPrompts) }),
  }),
} as const;
