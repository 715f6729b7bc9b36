import { z } from 'zod';
import { RunRow } from '../../../src-shared/schemas/run-row';
import { Workspace } from '../../../src-shared/schemas/workspace';
import { ProcessOwner } from './process-owner';

/** The version this build writes. Each bump adds one migration in migrations/. */
export const currentIndexVersion = 3;

/**
 * A run's row as the index stores it: the thin row the contract lists (version 3; before it,
 * whole records), plus, while the run is live, the process carrying it out. The owner stays
 * inside the store (repositories strip it).
 */
export const StoredRun = RunRow.extend({ owner: ProcessOwner.optional() });
export type StoredRun = z.infer<typeof StoredRun>;

/** The small lowdb index: workspaces (with their host and endpoints) and thin run rows. */
export const IndexData = z.object({
  version: z.literal(currentIndexVersion),
  workspaces: z.array(Workspace),
  runs: z.array(StoredRun),
});
export type IndexData = z.infer<typeof IndexData>;

export function emptyIndex(): IndexData {
  return { version: currentIndexVersion, workspaces: [], runs: [] };
}
