import { z } from 'zod';
import { parseThresholds } from '../metrics/thresholds';
import { AppErrorData } from '../errors';
import { BreakingPoint, CapacityResult, CapacitySearchState, CapacityStatement, CurvePoint, LatencyKnee, ThroughputKnee } from './capacity';
import { DatasetSpec } from './dataset';
import { DiagnosisConclusion } from './diagnosis-findings';
import { DiagnosisVerify } from './diagnosis-verify';
import { EpochMs, Id } from './ids';

/**
 * The SLO presets of the diagnose wizard (issue #13, step 1), each an SLO string in the run
 * plan's k6 syntax (src-shared/metrics/thresholds.ts), so a probe is judged exactly as a run is.
 */
export const sloPresets = {
  interactive: { title: 'Interactive chat', slo: 'ttft_p95<1000,tpot_p95<100,error_rate<0.01', words: 'first token within 1 s and 100 ms a token after it, for 95 % of requests; under 1 % errors' },
  batch: { title: 'Batch throughput', slo: 'e2e_p95<60000,error_rate<0.01', words: 'the most requests per second with 95 % of answers complete within 60 s; under 1 % errors' },
  seed: { title: 'p95 under 5 s, errors under 1 %', slo: 'e2e_p95<5000,error_rate<0.01', words: '95 % of answers complete within 5 s; under 1 % errors' },
} as const;
export const SloPresetName = z.enum(['interactive', 'batch', 'seed', 'custom']);
export type SloPresetName = z.infer<typeof SloPresetName>;

const SloText = z
  .string()
  .min(1, 'an SLO such as ttft_p95<1000,error_rate<0.01')
  .max(2000)
  .superRefine((text, ctx) => {
    const parsed = parseThresholds(text);
    for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
    if (parsed.problems.length === 0 && parsed.thresholds.length === 0) ctx.addIssue({ code: 'custom', message: 'the SLO names no threshold' });
  });

/** What every probe sends: a fixed prompt (or a dataset) and a fixed answer length (diagnosis-rules.md §0.4). */
export const DiagnosisWorkload = z.object({
  prompt: z.string().min(1).max(1_000_000).default('Write a short story about a robot who learns to paint.'),
  dataset: DatasetSpec.optional(),
  maxTokens: z.number().int().min(1).max(131_072).default(64),
  /** Exactly maxTokens per answer, so every probe's output is the same length (llama.cpp's ignore_eos). */
  ignoreEos: z.boolean().default(true),
});
export type DiagnosisWorkload = z.infer<typeof DiagnosisWorkload>;

/** Step 1: the target's objective in plain words and the workload the probes send. */
export const DiagnosisGoal = z.object({
  preset: SloPresetName,
  slo: SloText,
  workload: DiagnosisWorkload,
  /** Requests per probe (tuning-loop.md §A3): quick for the wizard, thorough for a sign-off. */
  fidelity: z.enum(['quick', 'standard', 'thorough']).default('quick'),
  /** The most users the capacity search may try. */
  maxUsers: z.number().int().min(1).max(4096).default(64),
  /** Wall-clock budget of the whole diagnosis, seconds; when spent the capacity is a lower bound. */
  budgetS: z.number().positive().max(24 * 3600).default(1800),
  /** Step 7: apply and A/B the top recommendation (needs a launch method and the user's consent). */
  verify: z.enum(['top', 'none']).default('none'),
});
export type DiagnosisGoal = z.infer<typeof DiagnosisGoal>;
export type DiagnosisGoalInput = z.input<typeof DiagnosisGoal>;

/** The wizard's steps, in order (issue #13). */
export const DiagnosisStepName = z.enum(['goal', 'preflight', 'baseline', 'capacity', 'findings', 'recommendations', 'verify', 'report']);
export type DiagnosisStepName = z.infer<typeof DiagnosisStepName>;

/** One step's progress, saved as it changes: a killed diagnosis resumes from the first step not done. */
export const DiagnosisStep = z.object({
  step: DiagnosisStepName,
  state: z.enum(['pending', 'running', 'done', 'failed', 'skipped', 'cancelled']),
  /** Seconds the step is expected to take, shown before it starts; null when it cannot be told yet. */
  estimateS: z.number().nonnegative().nullable(),
  startedAt: EpochMs.optional(),
  finishedAt: EpochMs.optional(),
  /** One line of what it found ("capacity 6 users (bracket 6–7)"), or why it was skipped. */
  summary: z.string().optional(),
  error: AppErrorData.optional(),
});
export type DiagnosisStep = z.infer<typeof DiagnosisStep>;

/** Whether a server endpoint the diagnosis reads answers, and what is lost when it does not. */
export const EndpointCheck = z.object({
  path: z.enum(['/metrics', '/slots', '/props']),
  isOn: z.boolean(),
  /** The server's note when off (llama-server's 501 names the flag), or the failure. */
  note: z.string().optional(),
  /** The flag that turns it on, exactly as llama-server takes it. */
  flagToAdd: z.string().optional(),
  /** What the diagnosis cannot tell without it. */
  missing: z.string().optional(),
});
export type EndpointCheck = z.infer<typeof EndpointCheck>;

/** The load generator's own ceiling on this machine, measured against a canned stream (no model). */
export const ClientSelfTest = z.object({
  users: z.number().int().positive(),
  requestsPerS: z.number().nonnegative(),
  outputTokensPerS: z.number().nonnegative(),
  isClientLimited: z.boolean(),
  reasons: z.array(z.string()),
  durationS: z.number().nonnegative(),
});
export type ClientSelfTest = z.infer<typeof ClientSelfTest>;

/** Step 2: what the diagnosis starts from, and whether it can see what it needs. */
export const DiagnosisPreflight = z.object({
  build: z.string().optional(),
  model: z.string().optional(),
  totalSlots: z.number().int().nonnegative().nullable(),
  contextPerSlot: z.number().int().nonnegative().nullable(),
  /** The server's flags as read (`-np 4 -c 8192 -t 4`), or why they could not be. */
  flagsLine: z.string(),
  endpoints: z.array(EndpointCheck),
  hostLabel: z.string().nullable(),
  hasInventory: z.boolean(),
  selfTest: ClientSelfTest.nullable(),
  /** Everything worth saying before the load starts, in words. */
  notes: z.array(z.string()),
  estimateS: z.number().nonnegative(),
});
export type DiagnosisPreflight = z.infer<typeof DiagnosisPreflight>;

/** Step 3: one user's speed, and llama-bench's for the same model where a bench run has it. */
export const DiagnosisBaseline = z.object({
  runId: Id,
  requests: z.number().int().nonnegative(),
  /** Median prefill rate the server reported (timings.prompt_per_second), tokens/s. */
  prefillTokensPerS: z.number().nonnegative().nullable(),
  /** Median decode rate (timings.predicted_per_second, else the client's), tokens/s. */
  decodeTokensPerS: z.number().nonnegative().nullable(),
  ttftP50Ms: z.number().nonnegative().nullable(),
  tpotP50Ms: z.number().nonnegative().nullable(),
  e2eP50Ms: z.number().nonnegative().nullable(),
  bench: z
    .object({ benchRunId: Id, threads: z.number().int().nullable(), ppTokensPerS: z.number().nullable(), tgTokensPerS: z.number().nullable() })
    .nullable(),
  /** The comparison in words ("decode 38 t/s is 92 % of llama-bench tg128 41 t/s: the server adds little"). */
  sentence: z.string(),
});
export type DiagnosisBaseline = z.infer<typeof DiagnosisBaseline>;

export const DiagnosisStatus = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']);
export type DiagnosisStatus = z.infer<typeof DiagnosisStatus>;

/** Step 4: the capacity search as it stands (its state is its probes: a resumed diagnosis replays them), then what it found. */
export const DiagnosisCapacity = z.object({
  search: CapacitySearchState,
  result: CapacityResult.optional(),
  statement: CapacityStatement.optional(),
  /** tuning-loop.md §A7's sentence, from the statement. */
  sentence: z.string().optional(),
  curve: z.array(CurvePoint).optional(),
  knee: ThroughputKnee.optional(),
  latencyKnee: LatencyKnee.optional(),
  breaking: BreakingPoint.optional(),
});
export type DiagnosisCapacity = z.infer<typeof DiagnosisCapacity>;

/** A diagnosis as its artifact folder keeps it (diagnoses/<id>/diagnosis.json), written after every step and probe. */
export const Diagnosis = z.object({
  id: Id,
  workspaceId: Id.optional(),
  endpointId: Id.optional(),
  url: z.string(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  status: DiagnosisStatus,
  goal: DiagnosisGoal,
  steps: z.array(DiagnosisStep),
  preflight: DiagnosisPreflight.optional(),
  baseline: DiagnosisBaseline.optional(),
  capacity: DiagnosisCapacity.optional(),
  /** Steps 5 and 6: findings in triage order, the verdict, ranked recommendations, the settings already right. */
  conclusion: DiagnosisConclusion.optional(),
  /** Step 7: the A/B of the first recommendation, its verdict, and the configuration the server was left on. */
  verify: DiagnosisVerify.optional(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;
