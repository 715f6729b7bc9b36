import { z } from 'zod';

const ListInput = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]);

/**
 * A bench plan as a form or a command line gives it: lists as text in llama-bench's own syntax
 * ("4,8", "1-16*2", "on,off") or as arrays. An absent list means llama-bench's default. The core
 * expands and checks it (core/bench/plan/bench-plan.ts `validateBenchPlan`), reporting every
 * problem at once; this schema only fixes the shape, so the form and the core share one type.
 */
export const BenchPlanInput = z.object({
  /** Model paths on the host (`-m`, one or more). */
  models: z.union([z.string(), z.array(z.string())]),
  nPrompt: ListInput.optional(),
  nGen: ListInput.optional(),
  /** `-pg` pairs "pp,tg": an array, or one text with pairs separated by spaces or ";". */
  pg: z.union([z.string(), z.array(z.string())]).optional(),
  nDepth: ListInput.optional(),
  threads: ListInput.optional(),
  batchSize: ListInput.optional(),
  ubatchSize: ListInput.optional(),
  gpuLayers: ListInput.optional(),
  flashAttn: ListInput.optional(),
  cacheTypeK: ListInput.optional(),
  cacheTypeV: ListInput.optional(),
  repetitions: z.union([z.number(), z.string()]).optional(),
  /** Free llama-bench arguments, one argv entry each, checked against the flag catalog. */
  extraArgs: z.array(z.string()).optional(),
});
export type BenchPlanInput = z.infer<typeof BenchPlanInput>;

/** How much a plan runs and roughly how long it takes (see core/bench/plan/bench-estimate.ts). */
export const BenchEstimate = z.object({
  /** Parameter combinations: models × every list's length. */
  combinations: z.number().int().nonnegative(),
  /** Tests llama-bench prints a result for: combinations × (-p, -n and -pg tests). */
  tests: z.number().int().nonnegative(),
  /** Timed repetitions in all (tests × -r). */
  timedRuns: z.number().int().nonnegative(),
  /** A rough wall time in seconds. */
  estimatedS: z.number().nonnegative(),
  assumptions: z.object({
    promptTokensPerS: z.number().positive(),
    genTokensPerS: z.number().positive(),
    modelLoadS: z.number().nonnegative(),
    /** "defaults" (modest guesses) or "earlier results" (medians of stored runs of the same model). */
    basis: z.enum(['defaults', 'earlier results']),
  }),
});
export type BenchEstimate = z.infer<typeof BenchEstimate>;

/** What checking a plan says: every problem at once, or the estimate and the exact llama-bench argv. */
export const BenchPlanCheck = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(false), problems: z.array(z.string()).min(1) }),
  z.object({
    ok: z.literal(true),
    warnings: z.array(z.string()),
    estimate: BenchEstimate,
    /** The arguments llama-bench will get (after the binary), one entry per argv word. */
    argv: z.array(z.string()),
  }),
]);
export type BenchPlanCheck = z.infer<typeof BenchPlanCheck>;
