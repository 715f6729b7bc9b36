import type { Diagnosis, DiagnosisCapacity } from '../../../../src-shared/schemas/diagnosis';
import { breakingPoint, curveFromProbes, latencyKnee, throughputKnee } from '../capacity/capacity-curve';
import { nextProbe, recordProbe } from '../capacity/capacity-search';
import { capacityStatement, describeCapacity } from '../capacity/capacity-statement';
import type { DiagnosisContext, ProbeStarted, StepOutcome } from '../diagnosis-context';
import { capacitySearchOf } from './baseline-step';
import { measureProbe } from './measure-probe';

/**
 * Step 4: the capacity search (tuning-loop.md §A5) probe by probe, each a normal run, the
 * diagnosis saved after every one so a killed process resumes from its last finished probe.
 * Ends with the result, the §A7 statement and the curve with its knees and breaking point.
 */
export async function capacityStep(diagnosis: Diagnosis, context: DiagnosisContext, onProbe?: ProbeStarted): Promise<StepOutcome> {
  let search = capacitySearchOf(diagnosis);
  let current = diagnosis;
  for (;;) {
    const ask = nextProbe(search);
    if (ask.kind === 'done') {
      const capacity = finished(search, ask.result);
      return { diagnosis: { ...current, capacity }, summary: capacity.sentence ?? ask.result.outcome };
    }
    const label = `${ask.purpose} at ${ask.users} user${ask.users === 1 ? '' : 's'}`;
    const measured = await measureProbe(context, { diagnosis: current, search, ask, onStarted: (runId) => onProbe?.({ label, runId }) });
    search = recordProbe(search, measured.probe);
    current = { ...current, capacity: { ...current.capacity, search } };
    await context.save(current);
  }
}

function finished(search: DiagnosisCapacity['search'], result: NonNullable<DiagnosisCapacity['result']>): DiagnosisCapacity {
  const statement = capacityStatement(search, result);
  const curve = curveFromProbes(search.probes);
  return {
    search,
    result,
    statement,
    sentence: describeCapacity(statement),
    curve,
    knee: throughputKnee(curve),
    latencyKnee: latencyKnee(curve),
    breaking: breakingPoint(curve),
  };
}
