import { AppError } from '../../../src-shared/errors';
import type { Handlers } from '../../../src-shared/contract';
import type { DiagnosisRow } from '../../../src-shared/contract/diagnose.contract';
import { sloPresets, type Diagnosis } from '../../../src-shared/schemas/diagnosis';
import type { EventBus } from '../events';
import type { WorkspacesRepo } from '../store/repositories/workspaces.repo';
import type { DiagnosisContext } from './diagnosis-context';
import { assertResumable, runDiagnosis } from './diagnosis-runner';
import { newDiagnosis, progressEvent, runningStep } from './diagnosis-record';
import { nextStep } from './diagnosis-steps';
import { createDiagnosisStore, type DiagnosisStore } from './diagnosis-store';
import { workspaceDiagnosisContext, type DiagnosisTargetDeps } from './diagnosis-target';

type DiagnoseOperation = 'diagnose.start' | 'diagnose.resume' | 'diagnose.cancel' | 'diagnose.get' | 'diagnose.list';

export interface DiagnoseHandlerDeps extends DiagnosisTargetDeps {
  workspaces: Pick<WorkspacesRepo, 'get'>;
  bus: EventBus;
}

function rowOf(diagnosis: Diagnosis): DiagnosisRow {
  const { goal, capacity, conclusion } = diagnosis;
  return {
    id: diagnosis.id,
    ...(diagnosis.workspaceId === undefined ? {} : { workspaceId: diagnosis.workspaceId }),
    ...(diagnosis.endpointId === undefined ? {} : { endpointId: diagnosis.endpointId }),
    url: diagnosis.url,
    createdAt: diagnosis.createdAt,
    updatedAt: diagnosis.updatedAt,
    status: diagnosis.status,
    sloTitle: goal.preset === 'custom' ? goal.slo : sloPresets[goal.preset].title,
    step: runningStep(diagnosis) ?? nextStep(diagnosis),
    ...(capacity?.sentence === undefined ? {} : { capacity: capacity.sentence }),
    ...(conclusion === undefined ? {} : { verdict: conclusion.verdict.sentence }),
  };
}

/**
 * The Diagnose page's operations (issue #13): a diagnosis runs in the background of this process,
 * one per endpoint at a time, saved to its artifact folder after every step and probe, its
 * progress told as diagnose.progress; cancel stops its probe, resume carries it on.
 */
export function createDiagnoseService(deps: DiagnoseHandlerDeps): { handlers: Pick<Handlers, DiagnoseOperation>; close(): Promise<void> } {
  const store = createDiagnosisStore(deps.dataDir);
  const live: LiveDiagnoses = new Map();

  const launch = diagnosisLauncher(deps, { store, live });

  const handlers: Pick<Handlers, DiagnoseOperation> = {
    'diagnose.start': async (input) => launch(await newDiagnosis({ workspaces: deps.workspaces, store }, input)),
    'diagnose.resume': async ({ diagnosisId }) => {
      const diagnosis = await store.get(diagnosisId);
      assertResumable(diagnosis);
      return launch(diagnosis);
    },
    'diagnose.cancel': async ({ diagnosisId }) => {
      const running = live.get(diagnosisId);
      running?.controller.abort();
      return { cancelled: running !== undefined };
    },
    'diagnose.get': async ({ diagnosisId }) => store.get(diagnosisId),
    'diagnose.list': async ({ workspaceId }) => (await store.list(workspaceId)).map(rowOf),
  };
  return {
    handlers,
    /** Cancels every diagnosis of this process (each keeps what it measured, to be resumed). */
    async close() {
      for (const running of live.values()) running.controller.abort();
    },
  };
}

type LiveDiagnoses = Map<string, { controller: AbortController; endpointId: string | undefined }>;

/**
 * Starts a diagnosis in the background of this process: one per endpoint at a time, saved and
 * told as diagnose.progress after every change; the live map lets cancel and close reach it.
 */
function diagnosisLauncher(deps: DiagnoseHandlerDeps, state: { store: DiagnosisStore; live: LiveDiagnoses }): (diagnosis: Diagnosis) => Promise<Diagnosis> {
  const { store, live } = state;
  return async (diagnosis: Diagnosis): Promise<Diagnosis> => {
    if (diagnosis.workspaceId === undefined || diagnosis.endpointId === undefined) throw new AppError('invalid_input', `Diagnosis ${diagnosis.id} names no workspace endpoint; resume it from the command line that started it.`);
    for (const running of live.values()) {
      if (running.endpointId === diagnosis.endpointId) throw new AppError('conflict', 'A diagnosis of this endpoint is running already; wait for it or cancel it.');
    }
    const workspace = await deps.workspaces.get(diagnosis.workspaceId);
    const controller = new AbortController();
    let probe: { runId?: string; label?: string } = {};
    const save: DiagnosisContext['save'] = async (saved) => {
      await store.save(saved);
      deps.bus.emit('diagnose.progress', progressEvent(saved, probe));
    };
    const context = workspaceDiagnosisContext(deps, { workspace, endpointId: diagnosis.endpointId, signal: controller.signal, save });
    const running: Diagnosis = { ...diagnosis, status: 'running' };
    await store.save(running);
    live.set(diagnosis.id, { controller, endpointId: diagnosis.endpointId });
    void runDiagnosis(running, context, (started) => {
      probe = started;
      deps.bus.emit('diagnose.progress', { ...progressEvent(running, probe), step: null });
    })
      // The runner saves a step's failure itself; this is a save that failed (disk full): say the diagnosis stopped.
      .catch(() => deps.bus.emit('diagnose.progress', { ...progressEvent(running), step: null, status: 'failed' }))
      .finally(() => live.delete(diagnosis.id));
    return running;
  };

}
