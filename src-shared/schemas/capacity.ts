import { z } from 'zod';

/*
 * What the capacity search (src-main/core/diagnose/capacity, tuning-loop.md §A) saves and sends:
 * the SLOs as attainment tests, each probe's verdict with its Wilson intervals, the search's
 * state (plain JSON, saved after every probe so a killed diagnosis resumes), its result, the
 * knee and breaking point read off the probes, and the confidence statement of §A7.
 */

/** Which step of the search a probe serves; it picks the probe's request counts (§A3). */
export const ProbeStage = z.enum(['bracket', 'refine', 'confirm']);
export type ProbeStage = z.infer<typeof ProbeStage>;

/** §A3's fidelity presets: quick for the wizard (results labelled indicative), standard, thorough. */
export const CapacityPreset = z.enum(['quick', 'standard', 'thorough']);
export type CapacityPreset = z.infer<typeof CapacityPreset>;

/** Requests one probe measures: it may decide after `minRequests`, and is unresolved at `maxRequests`. */
export const ProbeRequestCounts = z.object({
  minRequests: z.number().int().positive(),
  maxRequests: z.number().int().positive(),
});
export type ProbeRequestCounts = z.infer<typeof ProbeRequestCounts>;

export const CapacitySloMetric = z.enum(['ttft', 'ttfc', 'tpot', 'e2e', 'queue', 'error_rate']);
export type CapacitySloMetric = z.infer<typeof CapacitySloMetric>;

/**
 * One SLO as an attainment test (§A1): "ttft_p95<500" holds iff at least 95 % of requests have a
 * TTFT under 500 ms, so `target` is 0.95 and `limit` 500 (ms). For error_rate, `target` is the
 * success fraction required (error_rate<0.01 → 0.99) and `limit` the error fraction.
 */
export const CapacitySlo = z.object({
  source: z.string(),
  metric: CapacitySloMetric,
  target: z.number().min(0).max(1),
  limit: z.number().nonnegative(),
  /** `<=` rather than `<`: a value equal to the limit meets it. */
  isInclusive: z.boolean(),
});
export type CapacitySlo = z.infer<typeof CapacitySlo>;

export const Interval = z.object({ low: z.number(), high: z.number() });
export type Interval = z.infer<typeof Interval>;

/** How one SLO fared in one probe. */
export const SloJudgement = z.object({
  source: z.string(),
  metric: CapacitySloMetric,
  target: z.number(),
  /** Requests that met it, of those it could judge (a cancelled request is not judged). */
  good: z.number().int().nonnegative(),
  determined: z.number().int().nonnegative(),
  /** good / determined; null when nothing was determined. */
  attainment: z.number().min(0).max(1).nullable(),
  /** One-sided Wilson bounds at the search's confidence: the verdict reads these. */
  bounds: Interval,
  /** Two-sided Wilson interval at the same confidence: what the statement prints. */
  interval: Interval,
  /**
   * ln(observed target-quantile / limit), clamped to ±3: below 0 the SLO's point estimate holds.
   * The search interpolates these (§A3 "margin"); null when nothing was measured.
   */
  margin: z.number().nullable(),
  state: z.enum(['holds', 'breached', 'unresolved']),
});
export type SloJudgement = z.infer<typeof SloJudgement>;

/**
 * A probe's verdict: pass when every SLO holds, fail when any is breached, unresolved when an
 * interval straddles its target (a fail for the bound, never a pass), invalid when the load
 * generator was the bottleneck (the search stops there).
 */
export const ProbeVerdict = z.enum(['pass', 'fail', 'unresolved', 'invalid']);
export type ProbeVerdict = z.infer<typeof ProbeVerdict>;

export const ProbeJudgement = z.object({
  verdict: ProbeVerdict,
  slos: z.array(SloJudgement),
  /** The SLO nearest to failing (largest margin); null without SLOs. */
  bindingSlo: z.string().nullable(),
  /** Why, in words, one line per SLO that did not hold and for an invalid probe. */
  reasons: z.array(z.string()),
});
export type ProbeJudgement = z.infer<typeof ProbeJudgement>;

/** One finished probe as the search records it (and the curve reuses it). */
export const CapacityProbe = z.object({
  users: z.number().int().positive(),
  stage: ProbeStage,
  judgement: ProbeJudgement,
  /** Requests measured (warm-up and cancelled ones excluded). */
  requests: z.number().int().nonnegative(),
  /** Wall time the probe took, warm-up included: what the budget counts. */
  durationS: z.number().nonnegative(),
  requestsPerS: z.number().nonnegative(),
  outputTokensPerS: z.number().nonnegative(),
  /** Requests per second that met every latency SLO (goodput). */
  goodRequestsPerS: z.number().nonnegative(),
  ttftP50Ms: z.number().nonnegative().nullable(),
  tpotP50Ms: z.number().nonnegative().nullable(),
  errorRate: z.number().min(0).max(1),
  /** The run in History that measured it, when there is one. */
  runId: z.string().optional(),
});
export type CapacityProbe = z.infer<typeof CapacityProbe>;

export const CapacitySearchOptions = z.object({
  /** SLOs in the run plan's syntax (`ttft_p95<1000,tpot_p95<100,error_rate<0.01`). */
  slo: z.string().min(1),
  preset: CapacityPreset.default('quick'),
  /** The server's slot count (`/props` total_slots), the seed of the bracket (§A5 step 2); null when unknown. */
  totalSlots: z.number().int().positive().nullable().default(null),
  /** Highest concurrency to try (the generator's or the user's ceiling). */
  maxUsers: z.number().int().positive(),
  /** Stop when (fail − pass) / fail is at most this (§A5 eps), or the bound users are adjacent. */
  relativeWidth: z.number().positive().max(1).default(0.05),
  maxProbes: z.number().int().positive().default(12),
  maxSeconds: z.number().positive().default(15 * 60),
  /** Confidence of each probe's Wilson bounds. */
  confidence: z.number().gt(0.5).lt(1).default(0.95),
});
export type CapacitySearchOptions = z.infer<typeof CapacitySearchOptions>;
export type CapacitySearchInput = z.input<typeof CapacitySearchOptions>;

/** The search's whole state: its options and the probes so far. Everything else is derived. */
export const CapacitySearchState = z.object({
  version: z.literal(1),
  options: CapacitySearchOptions,
  probes: z.array(CapacityProbe),
});
export type CapacitySearchState = z.infer<typeof CapacitySearchState>;

export const ProbePurpose = z.enum(['baseline', 'seed', 'bracket', 'halve', 'refine', 'recheck', 'confirm']);
export type ProbePurpose = z.infer<typeof ProbePurpose>;

export const CapacityOutcome = z.enum(['found', 'lower-bound-only', 'at-least-max', 'unattainable', 'client-bound', 'unstable']);
export type CapacityOutcome = z.infer<typeof CapacityOutcome>;

export const UnresolvedProbe = z.object({ index: z.number().int().nonnegative(), users: z.number().int().positive(), stage: ProbeStage });
export type UnresolvedProbe = z.infer<typeof UnresolvedProbe>;

export const CapacityResult = z.object({
  outcome: CapacityOutcome,
  /** The highest concurrency shown to pass (x_pass); 0 when not even one user passed. */
  capacityUsers: z.number().int().nonnegative(),
  /** The lowest concurrency that did not pass above it (x_fail); null when none did. */
  failUsers: z.number().int().positive().nullable(),
  /** The SLO that failed first at failUsers (or nearest to failing at the capacity). */
  bindingSlo: z.string().nullable(),
  /** True when the capacity is only a lower bound: budget spent, unresolved probes, a ceiling, an unstable region. */
  isAtLeast: z.boolean(),
  probesUsed: z.number().int().nonnegative(),
  secondsUsed: z.number().nonnegative(),
  unresolvedProbes: z.array(UnresolvedProbe),
  /** Where passes and fails alternate after a re-probe of both. */
  unstableRange: z.object({ lowUsers: z.number().int().positive(), highUsers: z.number().int().positive() }).nullable(),
  /** The quick preset's results are indicative (§A3). */
  isIndicative: z.boolean(),
  notes: z.array(z.string()),
});
export type CapacityResult = z.infer<typeof CapacityResult>;

/** What the search asks for next: a probe at a concurrency, or the end with its result. */
export const NextProbe = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('probe'), users: z.number().int().positive(), stage: ProbeStage, purpose: ProbePurpose, requests: ProbeRequestCounts }),
  z.object({ kind: z.literal('done'), result: CapacityResult }),
]);
export type NextProbe = z.infer<typeof NextProbe>;

/** One load level of the throughput/latency curve, from one or more probes at it. */
export const CurvePoint = z.object({
  users: z.number().int().positive(),
  outputTokensPerS: z.number().nonnegative(),
  requestsPerS: z.number().nonnegative(),
  ttftP50Ms: z.number().nonnegative().nullable(),
  tpotP50Ms: z.number().nonnegative().nullable(),
  errorRate: z.number().min(0).max(1),
});
export type CurvePoint = z.infer<typeof CurvePoint>;

/** The throughput knee (§A6 def. 1): where output tok/s stops rising roughly linearly with users. */
export const ThroughputKnee = z.object({
  definition: z.literal('two-segment fit of output tok/s (GuideLLM)'),
  /** The intersection of the rising and the flat line, in users; null when no knee passed the checks. */
  users: z.number().positive().nullable(),
  peakOutputTokensPerS: z.number().nonnegative(),
  /** Fitted throughput at the breakpoint over the peak. */
  fractionOfPeak: z.number().nullable(),
  /** Why no knee was accepted, when none was. */
  reason: z.string().nullable(),
});
export type ThroughputKnee = z.infer<typeof ThroughputKnee>;

/** §A6 def. 3: the first load where median TTFT ≥ 2 × TTFT₀ or median TPOT ≥ 1.5 × TPOT₀. */
export const LatencyKnee = z.object({
  definition: z.literal('latency inflation (TTFT ×2 or TPOT ×1.5 over one user)'),
  users: z.number().int().positive().nullable(),
  metric: z.enum(['ttft', 'tpot']).nullable(),
});
export type LatencyKnee = z.infer<typeof LatencyKnee>;

/** The first measured load where errors exceed 10 % of requests (the breaking point). */
export const BreakingPoint = z.object({
  users: z.number().int().positive().nullable(),
  errorRate: z.number().min(0).max(1).nullable(),
  /** The highest load measured: a null breaking point means "none up to here". */
  highestMeasuredUsers: z.number().int().nonnegative(),
});
export type BreakingPoint = z.infer<typeof BreakingPoint>;

/** Attainment of each SLO at one bound of the bracket, for the statement. */
export const BoundEvidence = z.object({
  users: z.number().int().positive(),
  verdict: ProbeVerdict,
  requests: z.number().int().nonnegative(),
  slos: z.array(z.object({ source: z.string(), attainment: z.number().nullable(), interval: Interval })),
});
export type BoundEvidence = z.infer<typeof BoundEvidence>;

/** §A7's confidence statement as data; describeCapacity turns it into the sentence. */
export const CapacityStatement = z.object({
  outcome: CapacityOutcome,
  capacityUsers: z.number().int().nonnegative(),
  isAtLeast: z.boolean(),
  isIndicative: z.boolean(),
  slos: z.array(z.string()),
  bindingSlo: z.string().nullable(),
  confidence: z.number(),
  atPass: BoundEvidence.nullable(),
  atFail: BoundEvidence.nullable(),
  /** Throughput and goodput measured at the capacity. */
  requestsPerS: z.number().nullable(),
  outputTokensPerS: z.number().nullable(),
  knee: ThroughputKnee.nullable(),
  probesUsed: z.number().int().nonnegative(),
  secondsUsed: z.number().nonnegative(),
  unresolvedUsers: z.array(z.number().int().positive()),
  unstableRange: CapacityResult.shape.unstableRange,
  notes: z.array(z.string()),
});
export type CapacityStatement = z.infer<typeof CapacityStatement>;
