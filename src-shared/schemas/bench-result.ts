import { z } from 'zod';
import { AppErrorData } from '../errors';
import { EpochMs, Id } from './ids';

/** The output formats llama-bench writes (`-o` / `-oe`). */
export const BenchFormat = z.enum(['json', 'jsonl', 'csv', 'sql', 'md']);
export type BenchFormat = z.infer<typeof BenchFormat>;

/**
 * Flash attention as llama-bench takes it today. Older builds wrote a boolean and 2025+ builds an
 * int (-1 auto, 0 off, 1 on); both are normalised to these three words.
 */
export const FlashAttn = z.enum(['on', 'off', 'auto']);
export type FlashAttn = z.infer<typeof FlashAttn>;

/** A test parameter value as llama-bench prints it; unknown parameters stay opaque but comparable. */
export const ParamValue = z.union([z.string(), z.number(), z.boolean()]);
export type ParamValue = z.infer<typeof ParamValue>;

/**
 * The parameters of one test, keyed by llama-bench's own field names so that users see the names
 * they pass and new fields fit without a schema change. Absent means the build did not report it.
 * `load_mode` also carries the old `use_mmap` (true → "mmap", false → "none") and
 * `use_direct_io` (true → "dio") booleans.
 */
export const BenchParams = z
  .object({
    n_threads: z.number().int().optional(),
    n_batch: z.number().int().optional(),
    n_ubatch: z.number().int().optional(),
    n_gpu_layers: z.number().int().optional(),
    flash_attn: FlashAttn.optional(),
    type_k: z.string().optional(),
    type_v: z.string().optional(),
    load_mode: z.string().optional(),
    split_mode: z.string().optional(),
    main_gpu: z.number().int().optional(),
    no_kv_offload: z.boolean().optional(),
    n_cpu_moe: z.number().int().optional(),
    devices: z.string().optional(),
    tensor_split: z.string().optional(),
    tensor_buft_overrides: z.string().optional(),
  })
  .catchall(ParamValue);
export type BenchParams = z.infer<typeof BenchParams>;

/**
 * One llama-bench test result, normalised across output formats and versions. Throughput is in
 * tokens per second (`Ts`), durations in nanoseconds (`Ns`), sizes in bytes. Results read from a
 * markdown table carry only what the table shows: no samples, no durations, and model size and
 * parameter count rounded as printed.
 */
export const BenchResult = z.object({
  buildCommit: z.string().nullable(),
  buildNumber: z.number().int().nullable(),
  /** Non-CPU backends as llama-bench names them ("CUDA", "Vulkan", "Metal,BLAS"), "CPU" if none. */
  backends: z.string().nullable(),
  cpuInfo: z.string().nullable(),
  gpuInfo: z.string().nullable(),
  modelType: z.string(),
  modelFilename: z.string().nullable(),
  modelSizeBytes: z.number().nonnegative().nullable(),
  modelParamCount: z.number().nonnegative().nullable(),
  params: BenchParams,
  nPrompt: z.number().int().nonnegative(),
  nGen: z.number().int().nonnegative(),
  nDepth: z.number().int().nonnegative(),
  /** Canonical test label: "pp512", "tg128", "pp512+tg128", with " @ d4096" for a depth. */
  test: z.string(),
  /** Mean of the per-repetition tokens/s; for pp+tg tests (prompt + generated tokens) / time. */
  avgTs: z.number().nonnegative(),
  stddevTs: z.number().nonnegative(),
  samplesTs: z.array(z.number().nonnegative()).optional(),
  avgNs: z.number().nonnegative().optional(),
  stddevNs: z.number().nonnegative().optional(),
  samplesNs: z.array(z.number().nonnegative()).optional(),
  /** Number of timed repetitions, known when the output carried the samples. */
  repetitions: z.number().int().positive().nullable(),
  /** UTC time llama-bench stamped on the test, as printed. */
  testTime: z.string().nullable(),
  /** Fields this parser does not know, kept as printed. */
  extra: z.record(z.string(), ParamValue),
});
export type BenchResult = z.infer<typeof BenchResult>;

/** Where a run stands: live, done, ended by the user, ended by an error, or cut by an exit of the workbench. */
export const BenchRunStatus = z.enum(['running', 'completed', 'cancelled', 'failed', 'interrupted']);
export type BenchRunStatus = z.infer<typeof BenchRunStatus>;

/** The llama-server found running on the host when a bench started (its flags, for the server link). */
export const BenchHostServer = z.object({
  pid: z.number().int().positive(),
  executable: z.string(),
  /** `-t/--threads`; null when the command line leaves it to llama.cpp's default. */
  threads: z.number().int().nullable(),
  /** `-np/--parallel`; null when not given (auto in current builds). */
  parallel: z.number().int().nullable(),
});
export type BenchHostServer = z.infer<typeof BenchHostServer>;

/** How a bench that the workbench ran itself was run, beside what every stored run records. */
export const BenchRunOrigin = z.object({
  /** `user@host:port` or `local`. */
  host: z.string(),
  /** The llama-bench binary on the host, and how it was found. */
  binary: z.string(),
  binarySource: z.enum(['configured', 'next to llama-server', 'PATH']),
  /** llama-bench's arguments exactly as run (after the binary). */
  argv: z.array(z.string()),
  status: BenchRunStatus,
  startedAt: EpochMs,
  endedAt: EpochMs.optional(),
  /** Tests llama-bench was planned to print (the estimate's count); progress is measured against it. */
  plannedTests: z.number().int().nonnegative(),
  server: BenchHostServer.nullable(),
  error: AppErrorData.optional(),
});
export type BenchRunOrigin = z.infer<typeof BenchRunOrigin>;

/**
 * What a stored bench run records beside the raw text and the parsed results. An import always
 * holds at least one result; a run on a host may hold none yet (running) or none at all (failed
 * before its first test), and says so in `run.status`.
 */
export const BenchRunMeta = z.object({
  id: Id,
  label: z.string(),
  importedAt: EpochMs,
  source: z.object({
    /** File name as given, "-" for pasted text, or "llama-bench" for a run on a host. */
    name: z.string(),
    format: BenchFormat,
    bytes: z.number().int().nonnegative(),
  }),
  resultCount: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  /** The workspace whose host the bench ran on (or was imported for), when there is one. */
  workspaceId: Id.optional(),
  /** Present when the workbench ran llama-bench itself. */
  run: BenchRunOrigin.optional(),
});
export type BenchRunMeta = z.infer<typeof BenchRunMeta>;

/** Per-row verdict of a comparison; "baseline" marks the row others are measured against. */
export const BenchVerdict = z.enum(['baseline', 'faster', 'slower', 'within noise', 'too few samples', 'no baseline']);
export type BenchVerdict = z.infer<typeof BenchVerdict>;

export const BenchComparisonRow = z.object({
  test: z.string(),
  runId: z.string(),
  runLabel: z.string(),
  /** The values of the comparison's varying dimensions for this row, as display text. */
  settings: z.record(z.string(), z.string()),
  meanTs: z.number().nonnegative(),
  stddevTs: z.number().nonnegative(),
  /** Repetitions behind the mean; `isAssumedN` when the output did not say (markdown). */
  n: z.number().int().nonnegative(),
  isAssumedN: z.boolean(),
  /** Index in `rows` of the row this one is measured against; null for a baseline or no match. */
  baselineRow: z.number().int().nonnegative().nullable(),
  deltaPct: z.number().nullable(),
  pValue: z.number().min(0).max(1).nullable(),
  verdict: BenchVerdict,
  isBest: z.boolean(),
});
export type BenchComparisonRow = z.infer<typeof BenchComparisonRow>;

/** A side-by-side comparison of bench runs, with the statistical method stated. */
export const BenchComparison = z.object({
  runs: z.array(z.object({ id: z.string(), label: z.string() })),
  baselineRunId: z.string(),
  /** Display names of the dimensions (build, model, parameters) whose values differ between rows. */
  dimensions: z.array(z.string()),
  rows: z.array(BenchComparisonRow),
  method: z.object({
    test: z.literal("Welch's two-sided t-test"),
    alpha: z.number().gt(0).lt(1),
    assumedRepetitions: z.number().int().positive(),
  }),
});
export type BenchComparison = z.infer<typeof BenchComparison>;
