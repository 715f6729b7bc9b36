import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import { Id } from '../../../../src-shared/schemas/ids';
import { benchRunFiles, benchRunsDir } from '../runs/bench-run-store';

/** llama-bench's stderr (progress and log lines), kept beside raw.txt (its stdout). */
export const benchStderrFile = 'stderr.txt';

/** Appends a live bench run to its folder as output arrives. */
export interface BenchRunWriter {
  readonly dir: string;
  /** One stdout line, appended to raw.txt as received. */
  appendStdout(line: string): void;
  /** One stderr line, appended to stderr.txt. */
  appendStderr(line: string): void;
  /** A parsed result: results.json is rewritten (through a temp file) with it. */
  addResult(result: BenchResult): void;
  /** Rewrites meta.json (through a temp file). */
  writeMeta(meta: BenchRunMeta): void;
  /** Waits for every write so far; rejects with the first write error, if any. */
  flush(): Promise<void>;
}

/**
 * The folder of a bench run on a host, written as data arrives (DESIGN "Big data outside the
 * index"): raw.txt and stderr.txt are appended line by line, results.json and meta.json replaced
 * atomically, so a crash loses at most the line being written and never leaves a torn JSON file.
 * Writes run one after another in call order; a failed write is reported by `flush`.
 */
export async function createBenchRunWriter(dataDir: string, meta: BenchRunMeta): Promise<BenchRunWriter> {
  const dir = join(benchRunsDir(dataDir), Id.parse(meta.id));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, benchRunFiles.raw), '', 'utf8');
  await writeFile(join(dir, benchStderrFile), '', 'utf8');
  const results: BenchResult[] = [];
  let chain: Promise<void> = Promise.resolve();
  let firstError: unknown = null;
  const enqueue = (write: () => Promise<void>): void => {
    chain = chain.then(write).catch((error: unknown) => {
      firstError ??= error;
    });
  };
  const replace = async (name: string, value: unknown): Promise<void> => {
    const path = join(dir, name);
    await writeFile(`${path}.tmp`, JSON.stringify(value, null, 2) + '\n', 'utf8');
    await rename(`${path}.tmp`, path);
  };
  const writer: BenchRunWriter = {
    dir,
    appendStdout: (line) => enqueue(() => appendFile(join(dir, benchRunFiles.raw), `${line}\n`, 'utf8')),
    appendStderr: (line) => enqueue(() => appendFile(join(dir, benchStderrFile), `${line}\n`, 'utf8')),
    addResult(result) {
      results.push(result);
      const snapshot = [...results];
      enqueue(() => replace(benchRunFiles.results, snapshot));
    },
    writeMeta: (next) => enqueue(() => replace(benchRunFiles.meta, next)),
    async flush() {
      await chain;
      if (firstError !== null) throw firstError;
    },
  };
  enqueue(() => replace(benchRunFiles.results, []));
  writer.writeMeta(meta);
  return writer;
}
