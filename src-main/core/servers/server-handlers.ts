import type { Handlers } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import { Id } from '../../../src-shared/schemas/ids';
import type { RunRecord } from '../../../src-shared/schemas/run-result';
import { readRunServerPage } from './run-server-samples';

/** The contract's server-view operations (src-shared/contract/server.contract.ts). */
export function createServerHandlers(deps: { runsDir: string; runsRepo: { get(id: string): Promise<RunRecord | undefined> } }): Pick<Handlers, 'runs.server'> {
  return {
    'runs.server': async ({ runId, offset, limit }) => {
      const record = Id.safeParse(runId).success ? await deps.runsRepo.get(runId) : undefined;
      if (record === undefined) throw new AppError('not_found', `No run with id ${runId}.`);
      return readRunServerPage({ runsDir: deps.runsDir, runId, offset, limit });
    },
  };
}
