import { z } from 'zod';
import { defineOperation } from './define';

export const appOperations = {
  'app.info': defineOperation({
    summary: 'Which shell runs the core, its version and data folder.',
    input: z.object({}).default({}),
    output: z.object({ shell: z.enum(['electron', 'browser', 'cli']), version: z.string(), dataDir: z.string() }),
  }),
} as const;
