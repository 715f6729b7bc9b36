import { AppError } from '../../../src-shared/errors';
import { Id } from '../../../src-shared/schemas/ids';
import type { RunRecord } from '../../../src-shared/schemas/run-result';

/**
 * The saved record of a run, or `not_found`. The id is checked to be well formed before the
 * index is asked, so a run id reaches a path (runs/<id>/…) only after this returns.
 */
export async function requireRun(runsRepo: { get(id: string): Promise<RunRecord | undefined> }, runId: string): Promise<RunRecord> {
  const record = Id.safeParse(runId).success ? await runsRepo.get(runId) : undefined;
  if (record === undefined) throw new AppError('not_found', `No run with id ${runId}.`);
  return record;
}
