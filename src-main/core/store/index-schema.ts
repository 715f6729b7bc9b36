import { z } from 'zod';
import { RunRecord } from '../../../src-shared/schemas/run-result';
import { Workspace } from '../../../src-shared/schemas/workspace';
import { ProcessOwner } from './process-owner';

/** The version this build writes. Each bump adds one migration in migrations/. */
export const currentIndexVersion = 2;

/**
 * A run's row as the index stores it: the record the contract knows, plus, while the run is
 * live, the process carrying it out. The owner stays inside the store (repositories strip it),
 * and it is optional, so builds without it read the file unchanged.
 */
export const StoredRun = RunRecord.extend({ owner: ProcessOwner.optional() });
export type StoredRun = z.infer<typeof StoredRun>;

/** The small lowdb index: workspaces (with their host and endpoints) and run summaries. */
export const IndexData = z.object({
  version: z.literal(currentIndexVersion),
  workspaces: z.array(Workspace),
  runs: z.array(StoredRun),
});
export type IndexData = z.infer<typeof IndexData>;

export function emptyIndex(): IndexData {
  return { version: currentIndexVersion, workspaces: [], runs: [] };
}
