import { z } from 'zod';
import { LocalPath } from '../schemas/host';
import { defineOperation } from './define';

/** What a local file is for: it picks the dialog's title and filters, and names the file when the app asks before reading it. */
export const LocalFilePurpose = z.enum(['dataset', 'identity', 'agent-socket']);
export type LocalFilePurpose = z.infer<typeof LocalFilePurpose>;

export const filesOperations = {
  'files.pick': defineOperation({
    summary:
      'Show the desktop app’s own open-file dialog and return the chosen path (null when cancelled). The core may read a path chosen here without asking again; in browser mode there is no dialog and the path is typed.',
    input: z.object({ purpose: LocalFilePurpose.exclude(['agent-socket']) }),
    output: z.object({ path: LocalPath.nullable() }),
  }),
} as const;
