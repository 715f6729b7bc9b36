import { z } from 'zod';
import { Diagnosis, DiagnosisGoal, DiagnosisStepName, DiagnosisStatus } from '../schemas/diagnosis';
import { Id } from '../schemas/ids';
import { defineOperation } from './define';

/** A diagnosis as History-like lists show it: what, where, how far, and the verdict when there is one. */
export const DiagnosisRow = z.object({
  id: Id,
  workspaceId: Id.optional(),
  endpointId: Id.optional(),
  url: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  status: DiagnosisStatus,
  sloTitle: z.string(),
  /** The step running now (or where it stopped). */
  step: DiagnosisStepName.nullable(),
  /** The capacity sentence and the verdict sentence, when found. */
  capacity: z.string().optional(),
  verdict: z.string().optional(),
});
export type DiagnosisRow = z.infer<typeof DiagnosisRow>;

const DiagnosisRef = z.object({ diagnosisId: Id });

export const diagnoseOperations = {
  'diagnose.start': defineOperation({
    summary:
      'Start diagnosing an endpoint’s server for a goal (SLO and workload): preflight, baseline, capacity search, findings, recommendations (and, with verify: top, an A/B of the first). Returns at once with the saved diagnosis; progress comes as diagnose.progress. Probes are runs in History.',
    input: z.object({ workspaceId: Id, endpointId: Id, goal: DiagnosisGoal }),
    output: Diagnosis,
  }),
  'diagnose.resume': defineOperation({
    summary: 'Carry on an interrupted, failed or cancelled diagnosis from its first step not done (the capacity search from its last finished probe).',
    input: DiagnosisRef,
    output: Diagnosis,
  }),
  'diagnose.cancel': defineOperation({
    summary: 'Cancel a running diagnosis: its probe in flight stops and keeps what it measured; the diagnosis can be resumed later.',
    input: DiagnosisRef,
    output: z.object({ cancelled: z.boolean() }),
  }),
  'diagnose.get': defineOperation({
    summary: 'One diagnosis with everything it found so far.',
    input: DiagnosisRef,
    output: Diagnosis,
  }),
  'diagnose.list': defineOperation({
    summary: 'The diagnoses of the data folder, newest first (of one workspace when given).',
    input: z.object({ workspaceId: Id.optional() }),
    output: z.array(DiagnosisRow),
  }),
} as const;

export const diagnoseEvents = {
  /** A diagnosis changed (a step started or ended, a probe started or finished): the UI refetches diagnose.get. */
  'diagnose.progress': z.object({
    diagnosisId: Id,
    workspaceId: Id.optional(),
    step: DiagnosisStepName.nullable(),
    status: DiagnosisStatus,
    /** The run of the probe in flight, for the live view (the Run page's charts and the heatmap). */
    runId: Id.optional(),
    /** What the probe in flight is for ("bracket at 8 users"). */
    probe: z.string().optional(),
  }),
} as const;
