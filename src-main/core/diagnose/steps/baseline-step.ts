import { AppError } from '../../../../src-shared/errors';
import type { CapacitySearchState } from '../../../../src-shared/schemas/capacity';
import type { Diagnosis } from '../../../../src-shared/schemas/diagnosis';
import { summarizeBaseline } from '../baseline';
import { nextProbe, recordProbe, startCapacitySearch } from '../capacity/capacity-search';
import type { DiagnosisContext, ProbeStarted, StepOutcome } from '../diagnosis-context';
import { readProbe, type ProbeRecordings } from '../probe-run';
import { readServerConfig } from '../server-config-source';
import { measureProbe } from './measure-probe';

/** The capacity search of this diagnosis: as saved, or started from the goal and the slots the preflight read. */
export function capacitySearchOf(diagnosis: Diagnosis): CapacitySearchState {
  if (diagnosis.capacity !== undefined) return diagnosis.capacity.search;
  const { goal } = diagnosis;
  const slots = diagnosis.preflight?.totalSlots ?? null;
  return startCapacitySearch({ slo: goal.slo, preset: goal.fidelity, totalSlots: slots !== null && slots > 0 ? slots : null, maxUsers: goal.maxUsers, maxSeconds: goal.budgetS });
}

/** -t as the server runs it, when its configuration says. */
function threadsOf(value: unknown): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

/**
 * Step 3: one user. The capacity search's first probe is at one user (tuning-loop.md §A5 step 1),
 * so the baseline is that probe, recorded into the search, and summarized as single-stream speed
 * against llama-bench. A resumed diagnosis whose probe finished reads it back from its run.
 */
export async function baselineStep(diagnosis: Diagnosis, context: DiagnosisContext, onProbe?: ProbeStarted): Promise<StepOutcome> {
  let search = capacitySearchOf(diagnosis);
  let recordings: ProbeRecordings;
  const first = search.probes[0];
  if (first?.runId !== undefined) {
    recordings = await readProbe(context.probes, first.runId);
  } else {
    const ask = nextProbe(search);
    if (ask.kind !== 'probe' || ask.users !== 1) throw new AppError('internal', 'the capacity search did not start at one user');
    const measured = await measureProbe(context, { diagnosis, search, ask, onStarted: (runId) => onProbe?.({ label: 'baseline at 1 user', runId }) });
    search = recordProbe(search, measured.probe);
    recordings = measured.recordings;
  }
  const { config } = await readServerConfig(context);
  const baseline = summarizeBaseline({
    runId: recordings.record.id,
    requests: recordings.requests,
    modelPath: config?.model ?? diagnosis.preflight?.model,
    threads: threadsOf(config?.flags.threads),
    bench: await context.benchRuns(),
  });
  return { diagnosis: { ...diagnosis, baseline, capacity: { ...diagnosis.capacity, search } }, summary: baseline.sentence };
}
