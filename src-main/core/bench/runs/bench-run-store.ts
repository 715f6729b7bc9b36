import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, formatZodIssues } from '../../../../src-shared/errors';
import { BenchResult, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import { Id } from '../../../../src-shared/schemas/ids';
import { writeJsonAtomically } from '../../store/json-file';
import type { BenchRunInput } from '../compare/compare-runs';

/** The files of one bench run: llama-bench's text as received, the parsed results, and meta (written last). */
export const benchRunFiles = { raw: 'raw.txt', results: 'results.json', meta: 'meta.json' } as const;

/** A bench run as stored: its meta and its normalised results. */
export interface StoredBenchRun {
  meta: BenchRunMeta;
  results: BenchResult[];
}

/** Where bench runs live: one folder per run under `<dataDir>/bench/`. */
export function benchRunsDir(dataDir: string): string {
  return join(dataDir, 'bench');
}

/**
 * Writes one bench run folder: raw.txt (the output exactly as received), results.json, then
 * meta.json through a temp file and a rename, so a folder without meta.json is an import that
 * did not finish and is never listed. Returns the folder.
 */
export async function saveBenchRun(dataDir: string, run: StoredBenchRun & { raw: string }): Promise<string> {
  const id = Id.parse(run.meta.id);
  const dir = join(benchRunsDir(dataDir), id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, benchRunFiles.raw), run.raw, 'utf8');
  await writeFile(join(dir, benchRunFiles.results), JSON.stringify(run.results, null, 2) + '\n', 'utf8');
  const metaPath = join(dir, benchRunFiles.meta);
  await writeJsonAtomically(metaPath, run.meta);
  return dir;
}

/**
 * Reads a stored bench run, checking both files against their schemas. `not_found` when there is
 * no such run, `invalid_input` for a malformed id (ids never reach the file system unchecked),
 * `store_corrupt` when a file no longer fits its schema.
 */
export async function loadBenchRun(dataDir: string, id: string): Promise<StoredBenchRun> {
  const checked = Id.safeParse(id);
  if (!checked.success) throw new AppError('invalid_input', `"${id}" is not a bench run id (letters, digits, _ and - only)`);
  const dir = join(benchRunsDir(dataDir), checked.data);
  const meta = await readJson(join(dir, benchRunFiles.meta), BenchRunMeta, id);
  const results = await readJson(join(dir, benchRunFiles.results), z.array(BenchResult), id);
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
  let names: string[];
  try {
    names = await readdir(benchRunsDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const metas: BenchRunMeta[] = [];
  for (const name of names.filter((n) => Id.safeParse(n).success).sort()) {
    try {
      metas.push(await readJson(join(benchRunsDir(dataDir), name, benchRunFiles.meta), BenchRunMeta, name));
    } catch {
      // An unfinished import (no meta.json yet) or a damaged folder is left out of the list.
    }
  }
  return metas;
}

async function readJson<T>(path: string, schema: z.ZodType<T>, id: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('not_found', `no bench run "${id}"`, { hint: 'llmwb bench import FILE prints the id of each run it stores' });
    }
    throw error;
  }
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof z.ZodError ? formatZodIssues(error) : 'not valid JSON';
    throw new AppError('store_corrupt', `bench run "${id}": ${path} is damaged (${reason})`);
  }
}
