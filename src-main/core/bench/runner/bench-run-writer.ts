import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult, BenchRunMeta } from '../../../../src-shared/schemas/bench-result';
import { Id } from '../../../../src-shared/schemas/ids';
import { writeJsonAtomically } from '../../store/json-file';
import { cutToLastWholeLine, describeWriteFailure } from '../../store/write-failure';
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
 * Writes run one after another in call order; a failed write is reported by `flush`, named
 * for the user (disk full, read-only folder). After it nothing more is appended, a line
 * written in part is cut off, and no temp file is left, so each file ends in whole lines.
 */
export async function createBenchRunWriter(dataDir: string, meta: BenchRunMeta): Promise<BenchRunWriter> {
  const dir = join(benchRunsDir(dataDir), Id.parse(meta.id));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, benchRunFiles.raw), '', 'utf8');
  await writeFile(join(dir, benchStderrFile), '', 'utf8');
  const results: BenchResult[] = [];
  const queue = createWriteQueue(dir, dataDir);
  const writer: BenchRunWriter = {
    dir,
    appendStdout: (line) => queue.append(benchRunFiles.raw, line),
    appendStderr: (line) => queue.append(benchStderrFile, line),
    addResult(result) {
      results.push(result);
      queue.replace(benchRunFiles.results, [...results]);
    },
    writeMeta: (next) => queue.replace(benchRunFiles.meta, next),
    flush: () => queue.flush(),
  };
  queue.replace(benchRunFiles.results, []);
  writer.writeMeta(meta);
  return writer;
}

/** Writes into `dir` one after another; the first failure is kept (described) and stops appends. */
function createWriteQueue(dir: string, dataDir: string) {
  let chain: Promise<void> = Promise.resolve();
  let firstError: unknown = null;
  const enqueue = (name: string, write: (path: string) => Promise<void>): void => {
    const path = join(dir, name);
    chain = chain.then(() => write(path)).catch((error: unknown) => {
      firstError ??= describeWriteFailure(error, { file: path, dataDir });
    });
  };
  return {
    append: (name: string, line: string): void =>
      enqueue(name, async (path) => {
        if (firstError !== null) return;
        try {
          await appendFile(path, `${line}\n`, 'utf8');
        } catch (error) {
          await cutToLastWholeLine(path).catch(() => undefined);
          throw error;
        }
      }),
    replace: (name: string, value: unknown): void =>
      enqueue(name, (path) => writeJsonAtomically(path, value)),
    async flush(): Promise<void> {
      await chain;
      if (firstError !== null) throw firstError;
    },
  };
}
