import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { AppError } from '../../../src-shared/errors';
import { csvRow, metricFormulas, metricNamesElsewhere, requestCsvColumns, requestCsvRow, seriesCsvColumns, seriesCsvRow } from '../../../src-shared/metrics/export-format';
import { RequestRecord } from '../../../src-shared/schemas/request-record';
import { SeriesPoint } from '../../../src-shared/schemas/run-result';
import { ServerSample } from '../../../src-shared/schemas/server-sample';
import { JsonlTally } from '../store/jsonl-read';
import { runFiles } from '../store/run-folder';

/** The export format's name and version, first in every JSON export. */
export const runExportFormat = 'llmwb-run-export/1';

export interface RunExportFiles {
  jsonPath: string;
  requestsCsvPath: string;
  seriesCsvPath: string;
  /** The server's own view (slot use, deferred requests, KV cache, server-side rates), one row per scrape. */
  serverCsvPath: string;
  /** What could not be exported, one sentence per file ("2 unreadable lines skipped in requests.jsonl"). */
  notices: string[];
}

/** Columns of `<runId>-server.csv`: the derived figures of each scrape on the run's time axis. */
const serverCsvColumns = ['tS', 'slotsBusy', 'slotsTotal', 'slotUse', 'waiting', 'kvCacheUsage', 'promptTokensPerS', 'prefillTokensPerS', 'generatedTokensPerS'] as const;

/**
 * Writes a run's exports into `outDir`: `<runId>.json` (format, plan, summary, formulas,
 * series, server samples, and every request record) and `<runId>-requests.csv` /
 * `<runId>-series.csv` / `<runId>-server.csv`.
 * requests.jsonl is streamed line by line, so a run of millions of requests is never held in
 * memory; lines that do not parse, or are not records of the file's kind, are skipped and
 * counted in `notices` (a torn last line, normal after a crash, is worded as such).
 * Secrets cannot leak: the plan on disk holds only the API key's secret id.
 */
export async function exportRun(options: { runDir: string; runId: string; outDir: string }): Promise<RunExportFiles> {
  const files: RunExportFiles = {
    jsonPath: join(options.outDir, `${options.runId}.json`),
    requestsCsvPath: join(options.outDir, `${options.runId}-requests.csv`),
    seriesCsvPath: join(options.outDir, `${options.runId}-series.csv`),
    serverCsvPath: join(options.outDir, `${options.runId}-server.csv`),
    notices: [],
  };
  const tallies = [runFiles.series, runFiles.server, runFiles.requests].map((name) => new JsonlTally(name));
  const [seriesTally, serverTally, requestsTally] = tallies as [JsonlTally, JsonlTally, JsonlTally];
  const plan = await readJsonFile(join(options.runDir, runFiles.plan));
  const summary = existsSync(join(options.runDir, runFiles.summary)) ? await readJsonFile(join(options.runDir, runFiles.summary)) : null;
  const series: SeriesPoint[] = [];
  await forEachLine(join(options.runDir, runFiles.series), seriesTally, (line) => {
    const parsed = SeriesPoint.safeParse(line);
    if (parsed.success) series.push(parsed.data);
    else seriesTally.reject();
  });
  await writeAll(files.seriesCsvPath, async (out) => {
    await write(out, csvRow(seriesCsvColumns));
    for (const point of series) await write(out, seriesCsvRow(point));
  });
  const server = await exportServerSamples(options.runDir, files.serverCsvPath, serverTally);
  const head = { format: runExportFormat, runId: options.runId, isInterrupted: summary === null, plan, summary, formulas: metricFormulas, namesElsewhere: metricNamesElsewhere, series, server };
  const json = createWriteStream(files.jsonPath, 'utf8');
  await writeAll(files.requestsCsvPath, async (csv) => {
    await write(csv, csvRow(requestCsvColumns));
    await write(json, JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "requests": ['));
    let count = 0;
    await forEachLine(join(options.runDir, runFiles.requests), requestsTally, async (line) => {
      const parsed = RequestRecord.safeParse(line);
      if (!parsed.success) return requestsTally.reject();
      await write(json, `${count === 0 ? '\n' : ',\n'}    ${JSON.stringify(parsed.data)}`);
      await write(csv, requestCsvRow(parsed.data));
      count += 1;
    });
    await write(json, count === 0 ? ']\n}\n' : '\n  ]\n}\n');
  });
  json.end();
  await once(json, 'finish');
  files.notices = tallies.flatMap((tally) => tally.notice() ?? []);
  return files;
}

/** Reads server.jsonl (absent when the server was not scraped) and writes its CSV; returns the samples for the JSON. */
async function exportServerSamples(runDir: string, csvPath: string, tally: JsonlTally): Promise<ServerSample[]> {
  const samples: ServerSample[] = [];
  await forEachLine(join(runDir, runFiles.server), tally, (line) => {
    const parsed = ServerSample.safeParse(line);
    if (parsed.success) samples.push(parsed.data);
    else tally.reject();
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

/** Calls `each` with every line of a JSON Lines file parsed (lines that do not parse are counted in `tally`); a missing file has none. */
async function forEachLine(path: string, tally: JsonlTally, each: (value: unknown) => void | Promise<void>): Promise<void> {
  if (!existsSync(path)) return;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const value = tally.parse(line);
    if (value !== undefined) await each(value);
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
