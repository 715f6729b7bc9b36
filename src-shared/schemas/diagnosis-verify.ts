import { z } from 'zod';
import { RunsComparison } from '../metrics/run-comparison';
import { EpochMs, Id } from './ids';
import { ServerConfig } from './server-config';

/** The two sides of the verify A/B: the configuration the diagnosis found, and it with the recommendation's changes. */
export const VerifyArm = z.enum(['baseline', 'candidate']);
export type VerifyArm = z.infer<typeof VerifyArm>;

/** One configuration put on the server by the verify step, as the config journal recorded it. */
export const VerifyApply = z.object({
  arm: VerifyArm,
  /** The journal entry of the apply (config.journal), to audit or roll back to. */
  entryId: Id,
  atMs: EpochMs,
});
export type VerifyApply = z.infer<typeof VerifyApply>;

/** One run of one arm, with the figures the verdict names (the comparison holds the rest). */
export const VerifyRun = z.object({
  arm: VerifyArm,
  runId: Id,
  /** Steady requests (each user's first is warm-up) that succeeded, and those that failed. */
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Output tokens per second over the run's steady window; null when nothing succeeded. */
  outputTokensPerS: z.number().nonnegative().nullable(),
  ttftP95Ms: z.number().nonnegative().nullable(),
});
export type VerifyRun = z.infer<typeof VerifyRun>;

/**
 * The verify rule's answer (diagnosis-rules.md §0.4): keep the candidate when the output tok/s
 * gain clears `barPct` = max(5 %, 2 × run-to-run CV) with an interval above 0, and no SLO got worse.
 */
export const VerifyVerdict = z.object({
  decision: z.enum(['keep', 'roll-back']),
  /** Output tok/s change of the candidate, percent of the baseline, with its interval; null when it could not be measured. */
  gainPct: z.number().nullable(),
  interval: z.object({ lowPct: z.number(), highPct: z.number() }).nullable(),
  /** The largest run-to-run coefficient of variation of either arm's per-run output tok/s, percent. */
  runToRunCvPct: z.number().nonnegative().nullable(),
  /** The gain the candidate had to clear, percent. */
  barPct: z.number().nonnegative(),
  /** The SLO terms the candidate made worse (`ttft_p95<1000`). */
  worseSlos: z.array(z.string()),
  /** The verdict in words ("+85 % output tok/s (95 % CI +60 … +110 %), TTFT p95 −70 %: keep"). */
  sentence: z.string().min(1),
});
export type VerifyVerdict = z.infer<typeof VerifyVerdict>;

/**
 * Step 7 as it stands, saved after every apply and every arm, so a resumed diagnosis carries the
 * A B A B A B on from the first run missing: what is tried, where, the applies, the runs, then
 * the comparison, the verdict and the configuration the server was left on.
 */
export const DiagnosisVerify = z.object({
  /** The recommendation verified (its rank) and its title (`-np 4 -kvu`). */
  recommendationRank: z.number().int().positive(),
  title: z.string().min(1),
  /** Closed-loop users of every run (the capacity load) and the steady requests each run measures. */
  users: z.number().int().positive(),
  requestsPerRun: z.number().int().positive(),
  baselineConfig: ServerConfig,
  candidateConfig: ServerConfig,
  applied: z.array(VerifyApply),
  runs: z.array(VerifyRun),
  comparison: RunsComparison.optional(),
  verdict: VerifyVerdict.optional(),
  /** Where the server was left: the candidate kept, or the baseline restored (after a rejection, a failure or a cancel). */
  outcome: z.enum(['kept', 'rolled-back']).optional(),
  /** Why the A/B stopped short, when it did (the candidate did not start, a run failed). */
  note: z.string().optional(),
});
export type DiagnosisVerify = z.infer<typeof DiagnosisVerify>;
