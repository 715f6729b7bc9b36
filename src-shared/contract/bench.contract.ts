import { z } from 'zod';
import { AppError, AppErrorData } from '../errors';
import { BenchPlanCheck, BenchPlanInput } from '../schemas/bench-plan';
import { BenchComparison, BenchFormat, BenchResult, BenchRunMeta, BenchRunStatus } from '../schemas/bench-result';
import { Id } from '../schemas/ids';
import { defineOperation } from './define';

/**
 * The largest llama-bench output an import takes, in UTF-8 bytes. Real output is kilobytes; the
 * cap bounds the memory an import may hold, and the CLI, the core and the import box share it.
 */
export const maxBenchImportBytes = 64 * 1024 * 1024;

/**
 * The most text one call carries, in UTF-16 code units. JSON may spell one unit as six bytes
 * (`\u0001`), so a call stays under the WebSocket's 16 MiB message limit (wire.ts); longer text
 * goes in parts through bench.importPart.
 */
export const maxBenchImportPartChars = 2 * 1024 * 1024;

/** The refusal at the size cap, the same whether the import box, the core or the CLI hits it; `bytes` is as many as are known. */
export function benchImportTooLarge(sourceName: string, bytes: number): AppError {
  return new AppError('invalid_input', `${sourceName} is larger than the ${maxBenchImportBytes / 1024 / 1024} MiB a bench import takes.`, {
    hint: 'llama-bench output is a few kilobytes; check that this is the file it wrote (-o json, jsonl, csv, sql or md).',
    details: { reason: 'too_large', bytes, limitBytes: maxBenchImportBytes },
  });
}

/** Where a live bench is: the `--progress` step llama-bench last printed and the results so far. */
export const BenchLiveProgress = z.object({
  benchRunId: Id,
  /** 1-based test llama-bench is on, and how many it will run (from `--progress`, else the plan). */
  test: z.number().int().nonnegative(),
  totalTests: z.number().int().nonnegative(),
  /** "warmup prompt run", "prompt run 2/5" … as printed; null before the first progress line. */
  step: z.string().nullable(),
  resultCount: z.number().int().nonnegative(),
  /** The result that just arrived, when this event is for one. */
  result: BenchResult.optional(),
  elapsedS: z.number().nonnegative(),
});
export type BenchLiveProgress = z.infer<typeof BenchLiveProgress>;

export const BenchFinished = z.object({
  benchRunId: Id,
  status: BenchRunStatus,
  resultCount: z.number().int().nonnegative(),
  error: AppErrorData.optional(),
});
export type BenchFinished = z.infer<typeof BenchFinished>;

/** One pairing of a llama-bench tg result with a server run's decode speed on the same host. */
export const BenchServerLink = z.object({
  sentence: z.string(),
  test: z.string(),
  threads: z.number().int().nullable(),
  benchTs: z.number().nonnegative(),
  serverRunId: Id,
  serverTs: z.number().nonnegative(),
  /** (server − bench) / bench × 100. */
  deltaPct: z.number(),
});
export type BenchServerLink = z.infer<typeof BenchServerLink>;

const RunRef = z.object({ benchRunId: Id });

export const benchOperations = {
  'bench.plan': defineOperation({
    summary: 'Check a llama-bench plan (every problem at once) and estimate its combinations, tests and time; runs nothing.',
    input: z.object({ plan: BenchPlanInput, workspaceId: Id.optional() }),
    output: BenchPlanCheck,
  }),
  'bench.run': defineOperation({
    summary:
      'Run llama-bench on a workspace’s host: checks the plan, finds the binary and the model files first, then streams results as bench.progress events.',
    input: z.object({
      workspaceId: Id,
      plan: BenchPlanInput,
      label: z.string().trim().min(1).max(200).optional(),
      /** llama-bench on the host; by default next to the running llama-server, else on PATH. */
      benchPath: z.string().trim().min(1).max(4096).optional(),
    }),
    output: BenchRunMeta,
  }),
  'bench.cancel': defineOperation({
    summary: 'Stop a running bench: its process on the host is ended; the results so far are kept.',
    input: RunRef,
    output: z.object({ cancelled: z.boolean() }),
  }),
  'bench.list': defineOperation({
    summary: 'Stored bench runs (imports and runs on hosts), oldest first, optionally of one workspace.',
    input: z.object({ workspaceId: Id.optional() }).default({}),
    output: z.array(BenchRunMeta),
  }),
  'bench.get': defineOperation({
    summary: 'One bench run with its results, and its live progress while it runs.',
    input: RunRef,
    output: z.object({ meta: BenchRunMeta, results: z.array(BenchResult), live: BenchLiveProgress.nullable() }),
  }),
  'bench.importPart': defineOperation({
    summary: 'Send one part of llama-bench output too long for one call; bench.import with the returned uploadId stores the whole.',
    input: z.object({
      /** Absent on the first part, which opens a new upload; the id it returns on every later part. */
      uploadId: Id.optional(),
      /** 0, 1, 2 … in order: a part out of order drops the upload. */
      index: z.number().int().nonnegative(),
      text: z.string().min(1).max(maxBenchImportPartChars),
    }),
    output: z.object({ uploadId: Id, receivedBytes: z.number().int().nonnegative() }),
  }),
  'bench.import': defineOperation({
    summary: 'Store llama-bench output (json, jsonl, csv, sql, md, or a pasted markdown table) as a bench run.',
    input: z
      .object({
        /** The whole output, when it fits in one call; longer output is sent with bench.importPart. */
        text: z.string().min(1, 'paste llama-bench output or choose a file').max(maxBenchImportPartChars, 'too long for one call: send it in parts with bench.importPart').optional(),
        /** The upload whose parts hold the output; it is consumed by this call. */
        uploadId: Id.optional(),
        sourceName: z.string().trim().min(1).max(500).default('-'),
        label: z.string().trim().min(1).max(200).optional(),
        format: z.union([BenchFormat, z.literal('auto')]).default('auto'),
        workspaceId: Id.optional(),
      })
      .refine((input) => (input.text === undefined) !== (input.uploadId === undefined), { message: 'give the text or the uploadId of its parts, not both', path: ['text'] }),
    output: BenchRunMeta,
  }),
  'bench.compare': defineOperation({
    summary: 'Put bench runs side by side: tok/s ± stddev, Δ % against the baseline and a Welch t-test verdict per row, with the markdown table.',
    input: z.object({
      runIds: z.array(Id).min(1, 'pick at least one run').max(20),
      baselineRunId: Id.optional(),
      alpha: z.number().gt(0).lt(1).optional(),
    }),
    output: z.object({ comparison: BenchComparison, markdown: z.string() }),
  }),
  'bench.links': defineOperation({
    summary: 'Sentences pairing a bench’s tg results with the decode speed of server runs on the same workspace host.',
    input: RunRef,
    output: z.object({ links: z.array(BenchServerLink), notes: z.array(z.string()) }),
  }),
} as const;

export const benchEvents = {
  /** A progress line or a result arrived (at most a few a second). */
  'bench.progress': BenchLiveProgress,
  'bench.finished': BenchFinished,
} as const;
