import { AppError, toAppError, type AppErrorData } from '../../../src-shared/errors';
import type { RunFinished, RunRecord, RunSummary } from '../../../src-shared/schemas/run-result';
import type { EventBus } from '../events';
import type { LoadgenResult, LoadgenRun } from '../loadgen/pool';
import type { RunFolder } from '../store/run-folder';
import type { RunsRepo } from './runs-repo';
import { houseClock } from '../clock';
import type { AttachedSet } from './run-attachments';

export interface FinishContext {
  runsRepo: RunsRepo;
  bus: EventBus;
  runId: string;
  folder: RunFolder;
  loadgen: LoadgenRun;
  /** What is recorded beside the load; finished before the summary is written. */
  attached: AttachedSet;
}

/**
 * Saves a run once its load generator is done: the attachments stop and add their parts, then
 * summary.json (written once, last) and the final index row, then run.finished. A failed write never loses the summary: what could not go to
 * summary.json still goes to the index row and the event, the run is marked failed with the
 * write's cause, and the error says where the summary went and how many records the files lack.
 */
export async function finishRun(context: FinishContext): Promise<RunFinished> {
  const { runsRepo, runId } = context;
  let payload: RunFinished;
  try {
    const result = await context.loadgen.done;
    const { part, notes } = await context.attached.finish();
    const summary: RunSummary = { ...result.summary, ...part, ...(notes.length > 0 ? { attachmentNotes: notes } : {}) };
    payload = await saveResult(context, { ...result, summary });
  } catch (error) {
    // Whatever failed, nothing keeps recording into the folder of a run that has ended.
    await context.attached.finish().catch(() => undefined);
    const wire = toAppError(error).toWire();
    payload = { runId, status: 'failed', error: wire };
    await runsRepo.update(runId, { status: 'failed', endedAt: houseClock(), error: wire }).catch(() => undefined);
  }
  context.bus.emit('run.finished', payload);
  return payload;
}

async function saveResult(context: FinishContext, result: LoadgenResult): Promise<RunFinished> {
  const { folder, runId } = context;
  // Queued appends land (or are dropped after a failure) before the space set aside is freed.
  await folder.flush().catch(() => undefined);
  await folder.releaseReserve();
  const savedIn: string[] = [];
  const summaryError = await folder.writeJson('summary', result.summary).then(
    () => void savedIn.push('summary.json'),
    (error: unknown) => toAppError(error),
  );
  const cause = folder.failure ?? summaryError ?? result.error;
  const endedAt = houseClock();
  const status: RunRecord['status'] = cause ? 'failed' : result.status;
  const explain = (places: string[]): AppErrorData | undefined => (cause ? explainFailure(cause, { folder, savedIn: places, hasWriteFailed: cause !== result.error }) : undefined);
  const indexError = explain([...savedIn, 'the run index']);
  const isIndexed = await context.runsRepo
    .update(runId, { status, endedAt, summary: result.summary, ...(indexError ? { error: indexError } : {}) })
    .then(() => true)
    .catch(() => false);
  if (isIndexed) savedIn.push('the run index');
  const error = explain(savedIn);
  return { runId, status, summary: result.summary, ...(error ? { error } : {}) };
}

/**
 * The run's error as recorded: the write's own message, then what that means for the run's
 * files and where its summary is. A load generator failure (not a write) is passed through.
 */
function explainFailure(cause: AppError, context: { folder: RunFolder; savedIn: string[]; hasWriteFailed: boolean }): AppErrorData {
  const wire = cause.toWire();
  if (!context.hasWriteFailed) return wire;
  const lost = context.folder.lostRecords('requests');
  const sentences = [
    cause.message.endsWith('.') ? cause.message : `${cause.message}.`,
    'The run was stopped there; every whole line written before is kept.',
    lost > 0 ? `${lost} request record${lost === 1 ? ' was' : 's were'} measured but could not be written to requests.jsonl; the summary counts them.` : '',
    whereSummaryWent(context.savedIn),
  ];
  const details = { ...(typeof wire.details === 'object' && wire.details !== null ? wire.details : {}), summarySavedIn: context.savedIn, lostRequestRecords: lost };
  return { ...wire, message: sentences.filter((sentence) => sentence !== '').join(' '), details };
}

function whereSummaryWent(savedIn: string[]): string {
  if (savedIn.includes('summary.json')) return `The summary was saved in ${savedIn.join(' and ')}.`;
  if (savedIn.length > 0) return `summary.json could not be written; the summary is in ${savedIn.join(' and ')}.`;
  return 'Neither summary.json nor the run index could be written; the summary exists only in this result.';
}

/** The run.finished payload of a run that already ended (read back from its index row). */
export function finishedFromRecord(record: RunRecord): RunFinished {
  const summary: RunSummary | undefined = record.summary;
  return { runId: record.id, status: record.status, ...(summary ? { summary } : {}), ...(record.error ? { error: record.error } : {}) };
}

/** Builds the error for a run that could not even start writing (see createFolder). */
export function notEnoughSpaceToStart(failure: AppError, dataDir: string): AppError {
  if (failure.code !== 'disk_full') return failure;
  return new AppError('disk_full', `Not enough free space to start a run in ${dataDir}: ${failure.message}.`, { ...(failure.hint ? { hint: failure.hint } : {}), details: failure.details });
}
