import { z } from 'zod';
import { ConfigChange, Evidence, EvidenceSource, Finding, FindingLevel, FlagKey } from './finding';

/** The bottleneck classes of diagnosis-rules.md §1.1, by id (C1 GPU compute-bound … C20 cold start). */
export const BottleneckClassId = z.enum(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C12', 'C13', 'C14', 'C15', 'C16', 'C17', 'C18', 'C19', 'C20']);
export type BottleneckClassId = z.infer<typeof BottleneckClassId>;

/** A look-alike class a rule checked and why it does not hold (diagnosis-rules.md "Tell apart"). */
export const RuledOut = z.object({ classId: BottleneckClassId, why: z.string().min(1) });
export type RuledOut = z.infer<typeof RuledOut>;

/**
 * A diagnosis rule's finding: a Finding with the bottleneck class it names, the look-alikes it
 * ruled out, and its place in the triage — `primary` is what stops the server at the load
 * diagnosed, `secondary` what would stop it next (diagnosis-rules.md §0.3).
 */
export const DiagnosisFinding = Finding.extend({
  classId: BottleneckClassId,
  role: z.enum(['primary', 'secondary']),
  ruledOut: z.array(RuledOut),
});
export type DiagnosisFinding = z.infer<typeof DiagnosisFinding>;

/** diagnosis-rules.md §0.2: E1 flags and a restart … E4 other hardware or model file. */
export const RecommendationEffort = z.enum(['E1', 'E2', 'E3', 'E4']);
export type RecommendationEffort = z.infer<typeof RecommendationEffort>;

/** diagnosis-rules.md §0.2: L output unchanged and reversible, M may fail to start or reshape latency, H quality or stability. */
export const RecommendationRisk = z.enum(['L', 'M', 'H']);
export type RecommendationRisk = z.infer<typeof RecommendationRisk>;

/**
 * One thing to change, ranked by impact, then effort, then risk (diagnosis-rules.md §0.2, §1.3).
 * `changes` are the exact flag changes configure can apply; empty when the fix is not a flag
 * (the load generator, cooling), and then `action` says what to do instead.
 */
export const Recommendation = z.object({
  rank: z.number().int().positive(),
  classId: BottleneckClassId,
  /** The change as a user would type it (`-np 10 -kvu`), or the action in a few words. */
  title: z.string().min(1),
  changes: z.array(ConfigChange),
  action: z.string().min(1).optional(),
  /** What it should do, with the source of the figure (`up to 2–3× aggregate, llama.cpp #15916`). */
  expectedEffect: z.string().min(1),
  evidence: z.array(Evidence),
  /** How the verify step will tell: the A/B of diagnosis-rules.md §0.4 at the capacity load. */
  verify: z.string().min(1),
  impact: FindingLevel,
  effort: RecommendationEffort,
  risk: RecommendationRisk,
});
export type Recommendation = z.infer<typeof Recommendation>;

/** A setting the evidence shows is already right, said as an auditor would ("-t 1 matches the 1 core the server may use"). */
export const SettingAudit = z.object({
  flag: FlagKey.optional(),
  sentence: z.string().min(1),
  evidence: z.array(Evidence),
});
export type SettingAudit = z.infer<typeof SettingAudit>;

/**
 * The triage's answer. `bottleneck`: a named class stops it (the primary finding). `hardware-limit`:
 * nothing is wrong, the compute it may use is saturated. `measurement`: the measurement itself is
 * not valid (the load generator, a cold start): fix that first. `inconclusive`: nothing fired and
 * the evidence cannot show saturation; `sentence` says what was missing.
 */
export const TriageVerdict = z.object({
  outcome: z.enum(['bottleneck', 'hardware-limit', 'measurement', 'inconclusive']),
  /** The concurrency the verdict is about (the capacity found, else the probe diagnosed). */
  users: z.number().int().positive().nullable(),
  sentence: z.string().min(1),
  primary: DiagnosisFinding.nullable(),
  secondary: z.array(DiagnosisFinding),
});
export type TriageVerdict = z.infer<typeof TriageVerdict>;

/** A signal of diagnosis-rules.md §0.1 as computed: a figure, or null with the reason it could not be. */
export const DiagnosisSignal = z.union([
  z.object({ name: z.string().min(1), value: z.number(), source: EvidenceSource }),
  z.object({ name: z.string().min(1), value: z.null(), reason: z.string().min(1) }),
]);
export type DiagnosisSignal = z.infer<typeof DiagnosisSignal>;

/** Everything the findings and recommendations steps conclude, as saved in the diagnosis folder. */
export const DiagnosisConclusion = z.object({
  /** The probe (run) the rules judged, and its concurrency. */
  focusRunId: z.string().min(1),
  users: z.number().int().positive(),
  signals: z.array(DiagnosisSignal),
  findings: z.array(DiagnosisFinding),
  verdict: TriageVerdict,
  recommendations: z.array(Recommendation),
  alreadyRight: z.array(SettingAudit),
  /** The threshold values used, by name, after the user's overrides. */
  thresholds: z.record(z.string(), z.number()),
});
export type DiagnosisConclusion = z.infer<typeof DiagnosisConclusion>;
