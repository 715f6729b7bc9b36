import { z } from 'zod';
import { AppErrorData } from '../errors';
import { Id } from '../schemas/ids';
import { RunsComparison } from '../metrics/run-comparison';
import { RunPlan } from '../schemas/run-plan';
import { RunFinished, RunProgress, RunRecord, SeriesPoint } from '../schemas/run-result';
import { RunRow } from '../schemas/run-row';
import { defineOperation } from './define';

/** The most per-request points one `runs.requests` answer carries (a scatter stays responsive). */
export const maxRequestPoints = 5000;

/** One request on the "client TTFT vs server prompt time" chart (ms). */
export const RequestPoint = z.object({
  ttftMs: z.number().nonnegative(),
  serverPromptMs: z.number().nonnegative(),
  queueMs: z.number().nonnegative().optional(),
});
export type RequestPoint = z.infer<typeof RequestPoint>;

export const RunRequestPoints = z.object({
  runId: Id,
  /** Evenly spread over the run in recorded order; at most the asked limit. */
  points: z.array(RequestPoint),
  /** Records read from requests.jsonl. */
  requests: z.number().int().nonnegative(),
  /** Records with both a client TTFT and the server's prompt time; 0 when the server reports no timings. */
  paired: z.number().int().nonnegative(),
  /** What could not be read back ("2 unreadable lines skipped in requests.jsonl"); absent when every line was read. */
  notices: z.array(z.string()).optional(),
});
export type RunRequestPoints = z.infer<typeof RunRequestPoints>;

/**
 * What to compare: each entry of `runIds` is one run, or a list of replicate runs of one
 * configuration (then compared on per-run values with Welch's interval when the baseline has
 * replicates too). `baseline` names a run of the baseline entry; the first entry by default.
 */
export const RunsCompareInput = z.object({
  runIds: z.array(z.union([Id, z.array(Id).min(1)])).min(2, 'pick at least two runs to compare'),
  baseline: Id.optional(),
  /** Changes smaller than this many percent are within noise. */
  minEffectPct: z.number().min(0).max(100).default(5),
  seed: z.number().int().default(1),
  resamples: z.number().int().min(100).max(20_000).default(2000),
});
export type RunsCompareInput = z.infer<typeof RunsCompareInput>;

/**
 * The most characters of export text one `runs.export` answer carries inline, all files
 * together. Escaped inside the answer's JSON, this stays well under the WebSocket's 16 MiB
 * message limit (wire.ts); a file past it is still written, just not carried.
 */
export const maxInlineExportChars = 4 * 1024 * 1024;

export const RunExportFormat = z.enum(['json', 'csv']);

export const RunExportFile = z.object({
  /** The file's name in `dir` (`<runId>.json`, `<runId>-requests.csv` …). */
  name: z.string(),
  format: RunExportFormat,
  bytes: z.number().int().nonnegative(),
  /** The file's text, when it fitted in what is left of `maxInlineExportChars`; absent otherwise. */
  text: z.string().optional(),
});
export type RunExportFile = z.infer<typeof RunExportFile>;

export const RunExport = z.object({
  runId: Id,
  /** Where the whole export was written: `<dataDir>/exports/<runId>/`, replaced by each export. */
  dir: z.string(),
  files: z.array(RunExportFile),
  /** What could not be exported ("2 unreadable lines skipped in requests.jsonl"). */
  notices: z.array(z.string()),
});
export type RunExport = z.infer<typeof RunExport>;

export const runsOperations = {
  'runs.start': defineOperation({
    summary: 'Validate a run plan and start it; progress arrives as run.progress events.',
    input: RunPlan,
    output: z.object({ runId: Id }),
  }),
  'runs.stop': defineOperation({
    summary: 'Stop a live run within a second; what was measured is kept.',
    input: z.object({ runId: Id }),
    output: z.object({ stopped: z.boolean() }),
  }),
  'runs.list': defineOperation({
    summary: 'Saved runs, newest first, optionally of one workspace, as thin rows (ids, status, load, headline figures); runs.get gives a whole record. Reads the index only, never a run folder.',
    input: z.object({ workspaceId: Id.optional() }).default({}),
    output: z.array(RunRow),
  }),
  'runs.get': defineOperation({
    summary: 'One run’s whole record (its row with plan.json, summary.json and record.json) with its per-second series; `notices` says what could not be read back from its files, when anything.',
    input: z.object({ runId: Id }),
    output: z.object({ record: RunRecord, series: z.array(SeriesPoint), notices: z.array(z.string()).optional() }),
  }),
  'runs.requests': defineOperation({
    summary: 'Per-request client TTFT against the server’s prompt time (timings.prompt_ms) of a run, evenly sampled from requests.jsonl to at most `limit` points.',
    input: z.object({ runId: Id, limit: z.number().int().min(1).max(maxRequestPoints).default(maxRequestPoints) }),
    output: RunRequestPoints,
  }),
  'runs.compare': defineOperation({
    summary: 'Per-metric verdicts (better, worse, within noise) of runs against a baseline, each with its method, estimate, interval and n, from the runs’ recorded requests and seconds.',
    input: RunsCompareInput,
    output: RunsComparison,
  }),
  'runs.export': defineOperation({
    summary: 'Export a saved run as the CLI’s --export does (JSON with every request, and requests/series/server CSVs) into the data folder’s exports/<runId>/; returns the files, with their text inline up to maxInlineExportChars so any shell can offer a download. `format` narrows the files returned (all by default).',
    input: z.object({ runId: Id, format: RunExportFormat.optional() }),
    output: RunExport,
  }),
} as const;

export const runsEvents = {
  'run.progress': RunProgress,
  'run.finished': RunFinished,
  /**
   * A live run's folder stopped taking writes (disk full, read-only): the run is stopping, and
   * its run.finished follows within about a second with the same cause. Told at once so a shell
   * can say so while the progress is still moving.
   */
  'run.writeFailed': z.object({ runId: Id, error: AppErrorData }),
} as const;
