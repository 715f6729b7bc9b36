import { performance } from 'node:perf_hooks';
import { AppError } from '../../../../src-shared/errors';
import type { CapacityProbe, CapacitySearchState, NextProbe } from '../../../../src-shared/schemas/capacity';
import type { Diagnosis } from '../../../../src-shared/schemas/diagnosis';
import { searchJudging } from '../capacity/capacity-search';
import { summarizeProbe } from '../capacity/probe-summary';
import { decideProbeSoFar } from '../capacity/probe-verdict';
import type { DiagnosisContext } from '../diagnosis-context';
import { minProbeSteadyS } from '../estimate';
import { probePlan, runProbe, type ProbeRecordings } from '../probe-run';

/** No probe runs longer than this, whatever its request cap: a slow server shows as fewer requests, and an unresolved probe. */
const maxProbeS = 600;
/** Nor shorter than this, so a budget nearly spent still gets a probe that can say something. */
const minProbeS = 30;
/** A probe that reaches its verdict before minProbeSteadyS keeps going, up to this many times its request cap. */
const requestHeadroom = 10;

type ProbeAsk = Extract<NextProbe, { kind: 'probe' }>;

/**
 * Runs the probe the capacity search asked for as a normal run, stopping it as soon as its verdict
 * is certain (decideProbeSoFar), and summarizes it for the search. A cancelled diagnosis stops the
 * probe, keeps its run, and throws `cancelled` so the step is recorded as such.
 */
export async function measureProbe(context: DiagnosisContext, input: { diagnosis: Diagnosis; search: CapacitySearchState; ask: ProbeAsk; onStarted?: (runId: string) => void }): Promise<{ probe: CapacityProbe; recordings: ProbeRecordings }> {
  const { diagnosis, search, ask } = input;
  const judging = searchJudging(search);
  const spentS = search.probes.reduce((sum, probe) => sum + probe.durationS, 0);
  const maxDurationS = Math.max(minProbeS, Math.min(maxProbeS, search.options.maxSeconds - spentS));
  const plan = probePlan(context.target, diagnosis.goal, { users: ask.users, requests: ask.requests.maxRequests * requestHeadroom, maxDurationS });
  const started = performance.now();
  const elapsedS = (): number => (performance.now() - started) / 1000;
  const recordings = await runProbe(context.probes, plan, {
    signal: context.signal,
    ...(input.onStarted === undefined ? {} : { onStarted: input.onStarted }),
    isDecided: (requests) => elapsedS() >= minProbeSteadyS && decideProbeSoFar(requests, { ...judging, requests: ask.requests }) !== null,
  });
  if (context.signal.aborted) throw new AppError('cancelled', `The diagnosis was cancelled during its probe at ${ask.users} users (run ${recordings.record.id} keeps what it measured).`);
  if (recordings.record.status === 'failed') {
    throw new AppError('http_error', `The probe at ${ask.users} users failed: ${recordings.record.error?.message ?? 'see its run in History'}`, { details: { runId: recordings.record.id } });
  }
  const probe = summarizeProbe(recordings.requests, {
    ...judging,
    clientHealth: recordings.record.summary?.clientHealth ?? null,
    users: ask.users,
    stage: ask.stage,
    durationS: (performance.now() - started) / 1000,
    runId: recordings.record.id,
  });
  return { probe, recordings };
}
