import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, AppErrorData } from '../../../src-shared/errors';
import { RunPlan } from '../../../src-shared/schemas/run-plan';
import { RunRecord, RunSummary } from '../../../src-shared/schemas/run-result';
import type { RunRow } from '../../../src-shared/schemas/run-row';
import { RecordedServerConfig } from '../../../src-shared/schemas/server-config';
import { readJsonFile } from './artifact-folders';
import { writeJsonAtomically } from './json-file';
import { runFiles } from './run-folder';

/**
 * record.json: the parts of a run's record that are in neither plan.json nor summary.json —
 * the server's configuration read at the start and the error with its hint and details. It
 * holds a plan or a summary only as a stand-in for a file that is missing: a summary that
 * summary.json could not take (a full disk), or what an index row held when migration 003
 * found the run's folder gone. summary.json, when present, always wins: only the run service
 * writes it, once.
 */
export const RunRecordFile = z.object({
  serverConfig: RecordedServerConfig.optional(),
  error: AppErrorData.optional(),
  plan: RunPlan.optional(),
  summary: RunSummary.optional(),
});
export type RunRecordFile = z.infer<typeof RunRecordFile>;

const readPlan = (runDir: string) => readJsonFile(join(runDir, runFiles.plan), RunPlan);
const readSummary = (runDir: string) => readJsonFile(join(runDir, runFiles.summary), RunSummary);

/** The run's record.json; an empty one when there is none. store_corrupt when it is damaged. */
export async function readRunRecordFile(runDir: string): Promise<RunRecordFile> {
  return (await readJsonFile(join(runDir, runFiles.record), RunRecordFile)) ?? {};
}

/** Replaces record.json atomically; a file with nothing to hold is still written, so a folder says it was recorded. */
export function writeRunRecordFile(runDir: string, value: RunRecordFile): Promise<void> {
  return writeJsonAtomically(join(runDir, runFiles.record), value);
}

/**
 * What record.json should hold for `record`, given whether its folder already has plan.json and
 * summary.json: the plan and the summary only when their own file is missing. Pure.
 */
export function recordFileOf(record: Partial<RunRecord>, has: { plan: boolean; summary: boolean }): RunRecordFile {
  const file: RunRecordFile = {};
  if (record.serverConfig !== undefined) file.serverConfig = record.serverConfig;
  if (record.error !== undefined) file.error = record.error;
  if (!has.plan && record.plan !== undefined) file.plan = record.plan;
  if (!has.summary && record.summary !== undefined) file.summary = record.summary;
  return file;
}

/**
 * The full record of an indexed run: its row, plan.json, summary.json and record.json. A run
 * whose plan is nowhere (its folder deleted by hand) is store_corrupt, naming the folder.
 */
export async function assembleRunRecord(row: RunRow, runDir: string): Promise<RunRecord> {
  const [plan, summary, extra] = await Promise.all([readPlan(runDir), readSummary(runDir), readRunRecordFile(runDir)]);
  const chosenPlan = plan ?? extra.plan;
  if (chosenPlan === undefined) throw new AppError('store_corrupt', `Run ${row.id} is in the index, but its folder ${runDir} has no plan.json.`, { hint: 'The folder was moved or deleted; its row can only be listed.' });
  const record: RunRecord = { id: row.id, url: row.url, startedAt: row.startedAt, status: row.status, plan: chosenPlan };
  if (row.workspaceId !== undefined) record.workspaceId = row.workspaceId;
  if (row.endpointId !== undefined) record.endpointId = row.endpointId;
  if (row.endedAt !== undefined) record.endedAt = row.endedAt;
  const chosenSummary = summary ?? extra.summary;
  if (chosenSummary !== undefined) record.summary = chosenSummary;
  const error = extra.error ?? row.error;
  if (error !== undefined) record.error = error;
  if (extra.serverConfig !== undefined) record.serverConfig = extra.serverConfig;
  return record;
}

/** Whether the run's folder has plan.json and summary.json (what record.json need not repeat). */
export async function folderHas(runDir: string): Promise<{ plan: boolean; summary: boolean }> {
  const exists = (file: string) => access(join(runDir, file)).then(() => true, () => false);
  const [plan, summary] = await Promise.all([exists(runFiles.plan), exists(runFiles.summary)]);
  return { plan, summary };
}
