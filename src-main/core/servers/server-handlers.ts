import type { Handlers } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { Id } from '../../../src-shared/schemas/ids';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import { readRunRequestPoints } from '../runs/run-request-points';
import { readRunServerPage } from './run-server-samples';

type RunsRepo = { get(id: string): Promise<RunRecord | undefined> };

/**
 * The contract's server-view operations: the scraped samples (server.contract.ts) and the
 * per-request client TTFT against the server's prompt time (`runs.requests`, runs.contract.ts).
 */
export function createServerHandlers(deps: { runsDir: string; runsRepo: RunsRepo }): Pick<Handlers, 'runs.server' | 'runs.requests'> {
  return {
    'runs.server': async ({ runId, offset, limit }) => {
      await requireRun(deps.runsRepo, runId);
      return readRunServerPage({ runsDir: deps.runsDir, runId, offset, limit });
    },
    'runs.requests': async ({ runId, limit }) => {
      await requireRun(deps.runsRepo, runId);
      return readRunRequestPoints({ runsDir: deps.runsDir, runId, limit });
    },
  };
}

/** A run id that is well formed and saved; the id reaches a path only after this. */
async function requireRun(runsRepo: RunsRepo, runId: string): Promise<void> {
  const record = Id.safeParse(runId).success ? await runsRepo.get(runId) : undefined;
  if (record === undefined) throw new AppError('not_found', `No run with id ${runId}.`);
}
