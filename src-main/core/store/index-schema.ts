import { z } from 'zod';
import { RunRecord } from '../../../src-shared/schemas/run-result';
import { Workspace } from '../../../src-shared/schemas/workspace';

/** The version this build writes. Each bump adds one migration in migrations/. */
export const currentIndexVersion = 2;

/** The small lowdb index: workspaces (with their host and endpoints) and run summaries. */
export const IndexData = z.object({
  version: z.literal(currentIndexVersion),
  workspaces: z.array(Workspace),
  runs: z.array(RunRecord),
});
export type IndexData = z.infer<typeof IndexData>;

export function emptyIndex(): IndexData {
  return { version: currentIndexVersion, workspaces: [], runs: [] };
}
