import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { openIndex } from './index-db';
import type { ProcessOwner } from './process-owner';
import { releaseRunReserve } from './run-folder';
import { createRunsRepo } from './repositories/runs.repo';
import { createWorkspacesRepo } from './repositories/workspaces.repo';

/**
 * The single owner of persistence: the index's repositories and where run folders live. Any
 * number of processes may open the same folder at once (the app or `llmwb serve` beside several
 * `llmwb run`): rows are changed under a lock, and only runs whose process is gone are relabelled
 * interrupted. `notices` says what opening did, for the shell to show.
 */
export async function openStore(dataDir: string, options: { owner?: ProcessOwner } = {}) {
  const { index, notices } = await openIndex(dataDir);
  const runsDir = join(dataDir, 'runs');
  const runs = createRunsRepo(index, { runsDir, ...(options.owner === undefined ? {} : { owner: options.owner }) });
  // In a read-only folder (browse only) orphans keep their rows: openIndex's notice says why.
  const interrupted = await runs.markOrphansInterrupted().catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'read_only') return [];
    throw error;
  });
  // A killed run never gave back the space it set aside for its last writes.
  await Promise.all(interrupted.map((runId) => releaseRunReserve(join(runsDir, runId))));
  if (interrupted.length > 0) notices.push(`${interrupted.length} run(s) were cut off by an earlier exit; they are shown as interrupted with the data they recorded.`);
  return {
    dataDir,
    runsDir,
    workspaces: createWorkspacesRepo(index),
    runs,
    notices,
  };
}
export type Store = Awaited<ReturnType<typeof openStore>>;
