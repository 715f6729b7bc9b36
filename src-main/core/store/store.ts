import { join } from 'node:path';
import { openIndex } from './index-db';
import { createRunsRepo } from './repositories/runs.repo';
import { createWorkspacesRepo } from './repositories/workspaces.repo';

/** The single owner of persistence: the index's repositories and where run folders live. */
export async function openStore(dataDir: string) {
  const { db, notices } = await openIndex(dataDir);
  const runs = createRunsRepo(db);
  const interrupted = await runs.markOrphansInterrupted();
  if (interrupted > 0) notices.push(`${interrupted} run(s) were cut off by an earlier exit; they are shown as interrupted with the data they recorded.`);
  return {
    dataDir,
    runsDir: join(dataDir, 'runs'),
    workspaces: createWorkspacesRepo(db),
    runs,
    notices,
  };
}
export type Store = Awaited<ReturnType<typeof openStore>>;
