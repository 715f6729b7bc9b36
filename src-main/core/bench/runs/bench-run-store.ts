import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../src-shared/errors';
import { BenchResult, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import { Id } from '../../../../src-shared/schemas/ids';
import { artifactFolders } from '../../store/artifact-folders';
import type { BenchRunInput } from '../compare/compare-runs';

/** The files of one bench run: llama-bench's text as received, the parsed results, and meta (written last). */
export const benchRunFiles = { raw: 'raw.txt', results: 'results.json', meta: 'meta.json' } as const;

/** A bench run as stored: its meta and its normalised results. */
export interface StoredBenchRun {
  meta: BenchRunMeta;
  results: BenchResult[];
}

/** Bench runs in the store: one folder per run under `<dataDir>/bench/`. */
function benchFolders(dataDir: string) {
  return artifactFolders(dataDir, 'bench');
}

/** Where bench runs live: one folder per run under `<dataDir>/bench/`. */
export function benchRunsDir(dataDir: string): string {
  return benchFolders(dataDir).dir;
}

/**
 * Writes one bench run folder: raw.txt (the output exactly as received), results.json, then
 * meta.json through a temp file and a rename, so a folder without meta.json is an import that
 * did not finish and is never listed. Returns the folder.
 */
export async function saveBenchRun(dataDir: string, run: StoredBenchRun & { raw: string }): Promise<string> {
  const folders = benchFolders(dataDir);
  const dir = await folders.create(Id.parse(run.meta.id));
  await writeFile(join(dir, benchRunFiles.raw), run.raw, 'utf8');
  await writeFile(join(dir, benchRunFiles.results), JSON.stringify(run.results, null, 2) + '\n', 'utf8');
  await folders.writeJson(run.meta.id, benchRunFiles.meta, run.meta);
  return dir;
}

/**
 * Reads a stored bench run, checking both files against their schemas. `not_found` when there is
 * no such run, `invalid_input` for a malformed id (ids never reach the file system unchecked),
 * `store_corrupt` when a file no longer fits its schema.
 */
export async function loadBenchRun(dataDir: string, id: string): Promise<StoredBenchRun> {
  if (!Id.safeParse(id).success) throw new AppError('invalid_input', `"${id}" is not a bench run id (letters, digits, _ and - only)`);
  const meta = await readBenchJson(dataDir, id, { file: benchRunFiles.meta, schema: BenchRunMeta });
  const results = await readBenchJson(dataDir, id, { file: benchRunFiles.results, schema: z.array(BenchResult) });
  return { meta, results };
}

/** The stored runs with these ids, read one after another in the order given, as a comparison takes them. */
export async function loadBenchRunsToCompare(dataDir: string, ids: readonly string[]): Promise<BenchRunInput[]> {
  const runs: BenchRunInput[] = [];
  for (const id of ids) {
    const { meta, results } = await loadBenchRun(dataDir, id);
    runs.push({ id: meta.id, label: meta.label, results });
  }
  return runs;
}

/** Every finished bench run's meta, oldest first (ids sort by time). */
export async function listBenchRuns(dataDir: string): Promise<BenchRunMeta[]> {
  const folders = benchFolders(dataDir);
  const metas: BenchRunMeta[] = [];
  for (const id of await folders.list()) {
    // An unfinished import (no meta.json yet) or a damaged folder is left out of the list.
    const meta = await folders.readJson(id, benchRunFiles.meta, BenchRunMeta).catch(() => undefined);
    if (meta !== undefined) metas.push(meta);
  }
  return metas;
}

async function readBenchJson<T>(dataDir: string, id: string, { file, schema }: { file: string; schema: z.ZodType<T> }): Promise<T> {
  const value = await benchFolders(dataDir).readJson(id, file, schema).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'store_corrupt' ? new AppError('store_corrupt', `bench run "${id}": ${error.message}`) : error;
  });
  if (value === undefined) throw new AppError('not_found', `no bench run "${id}"`, { hint: 'llmwb bench import FILE prints the id of each run it stores' });
  return value;
}
