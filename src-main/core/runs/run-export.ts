import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { AppError } from '../../../src-shared/errors';
import { csvRow, metricFormulas, requestCsvColumns, requestCsvRow, seriesCsvColumns, seriesCsvRow } from '../../../src-shared/metrics/export-format';
import { RequestRecord } from '../../../src-shared/schemas/request-record';
import { SeriesPoint } from '../../../src-shared/schemas/run-result';
import { ServerSample } from '../../../src-shared/schemas/server-sample';
import { runFiles } from '../store/run-folder';

/** The export format's name and version, first in every JSON export. */
export const runExportFormat = 'llmwb-run-export/1';

export interface RunExportFiles {
  jsonPath: string;
  requestsCsvPath: string;
  seriesCsvPath: string;
  /** The server's own view (slot use, deferred requests, KV cache, server-side rates), one row per scrape. */
  serverCsvPath: string;
}

/** Columns of `<runId>-server.csv`: the derived figures of each scrape on the run's time axis. */
const serverCsvColumns = ['tS', 'slotsBusy', 'slotsTotal', 'slotUse', 'waiting', 'kvCacheUsage', 'promptTokensPerS', 'prefillTokensPerS', 'generatedTokensPerS'] as const;

/**
 * Writes a run's exports into `outDir`: `<runId>.json` (format, plan, summary, formulas,
 * series, server samples, and every request record) and `<runId>-requests.csv` /
 * `<runId>-series.csv` / `<runId>-server.csv`.
 * requests.jsonl is streamed line by line, so a run of millions of requests is never held in
 * memory; lines that do not parse (a torn last line of an interrupted run) are skipped.
 * Secrets cannot leak: the plan on disk holds only the API key's secret id.
 */
export async function exportRun(options: { runDir: string; runId: string; outDir: string }): Promise<RunExportFiles> {
  const files: RunExportFiles = {
    jsonPath: join(options.outDir, `${options.runId}.json`),
    requestsCsvPath: join(options.outDir, `${options.runId}-requests.csv`),
    seriesCsvPath: join(options.outDir, `${options.runId}-series.csv`),
    serverCsvPath: join(options.outDir, `${options.runId}-server.csv`),
  };
  const plan = await readJsonFile(join(options.runDir, runFiles.plan));
  const summary = existsSync(join(options.runDir, runFiles.summary)) ? await readJsonFile(join(options.runDir, runFiles.summary)) : null;
  const series: SeriesPoint[] = [];
  await forEachLine(join(options.runDir, runFiles.series), (line) => {
    const parsed = SeriesPoint.safeParse(line);
    if (parsed.success) series.push(parsed.data);
  });
  await writeAll(files.seriesCsvPath, async (out) => {
    await write(out, csvRow(seriesCsvColumns));
    for (const point of series) await write(out, seriesCsvRow(point));
  });
  const server = await exportServerSamples(options.runDir, files.serverCsvPath);
  const head = { format: runExportFormat, runId: options.runId, isInterrupted: summary === null, plan, summary, formulas: metricFormulas, series, server };
  const json = createWriteStream(files.jsonPath, 'utf8');
  await writeAll(files.requestsCsvPath, async (csv) => {
    await write(csv, csvRow(requestCsvColumns));
    await write(json, JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "requests": ['));
    let count = 0;
    await forEachLine(join(options.runDir, runFiles.requests), async (line) => {
      const parsed = RequestRecord.safeParse(line);
      if (!parsed.success) return;
      await write(json, `${count === 0 ? '\n' : ',\n'}    ${JSON.stringify(parsed.data)}`);
      await write(csv, requestCsvRow(parsed.data));
      count += 1;
    });
    await write(json, count === 0 ? ']\n}\n' : '\n  ]\n}\n');
  });
  json.end();
  await once(json, 'finish');
  return files;
}

/** Reads server.jsonl (absent when the server was not scraped) and writes its CSV; returns the samples for the JSON. */
async function exportServerSamples(runDir: string, csvPath: string): Promise<ServerSample[]> {
  const samples: ServerSample[] = [];
  await forEachLine(join(runDir, runFiles.server), (line) => {
    const parsed = ServerSample.safeParse(line);
    if (parsed.success) samples.push(parsed.data);
  });
  await writeAll(csvPath, async (out) => {
    await write(out, csvRow(serverCsvColumns));
    for (const sample of samples) {
      const derived = sample.derived;
      await write(out, csvRow([sample.tS, ...serverCsvColumns.slice(1).map((column) => derived[column as keyof typeof derived] ?? '')]));
    }
  });
  return samples;
}

async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new AppError('not_found', `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Calls `each` with every line of a JSON Lines file parsed (unparseable lines are skipped); a missing file has none. */
async function forEachLine(path: string, each: (value: unknown) => void | Promise<void>): Promise<void> {
  if (!existsSync(path)) return;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    await each(value);
  }
}

/** Writes with back-pressure: waits for 'drain' when the stream's buffer is full. */
async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function writeAll(path: string, fill: (stream: WriteStream) => Promise<void>): Promise<void> {
  const stream = createWriteStream(path, 'utf8');
  await fill(stream);
  stream.end();
  await once(stream, 'finish');
}
