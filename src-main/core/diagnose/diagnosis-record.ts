import { AppError } from '../../../src-shared/errors';
import type { EventPayload } from '../../../src-shared/contract';
import type { Diagnosis, DiagnosisGoal, DiagnosisStepName } from '../../../src-shared/schemas/diagnosis';
import type { WorkspacesRepo } from '../store/repositories/workspaces.repo';
import { initialSteps } from './diagnosis-steps';
import type { DiagnosisStore } from './diagnosis-store';

/** A new diagnosis of a workspace's endpoint for `goal`, every step but the goal pending (not yet saved). */
export async function newDiagnosis(
  deps: { workspaces: Pick<WorkspacesRepo, 'get'>; store: Pick<DiagnosisStore, 'newId'> },
  input: { workspaceId: string; endpointId: string; goal: DiagnosisGoal },
): Promise<Diagnosis> {
  const workspace = await deps.workspaces.get(input.workspaceId);
  const endpoint = workspace.endpoints.find((candidate) => candidate.id === input.endpointId);
  if (endpoint === undefined) throw new AppError('not_found', `No endpoint ${input.endpointId} in workspace ${workspace.name}.`);
  const now = Date.now();
  return { id: deps.store.newId(), ...input, url: endpoint.url, createdAt: now, updatedAt: now, status: 'running', steps: initialSteps(now) };
}

/** The step running now, if any. */
export function runningStep(diagnosis: Diagnosis): DiagnosisStepName | null {
  return diagnosis.steps.find((record) => record.state === 'running')?.step ?? null;
}

/** The diagnose.progress event of a diagnosis as saved, with the probe in flight when there is one. */
export function progressEvent(saved: Diagnosis, probe: { runId?: string | undefined; label?: string | undefined } = {}): EventPayload<'diagnose.progress'> {
  return {
    diagnosisId: saved.id,
    ...(saved.workspaceId === undefined ? {} : { workspaceId: saved.workspaceId }),
    step: runningStep(saved),
    status: saved.status,
    ...(probe.runId === undefined ? {} : { runId: probe.runId }),
    ...(probe.label === undefined ? {} : { probe: probe.label }),
  };
}
